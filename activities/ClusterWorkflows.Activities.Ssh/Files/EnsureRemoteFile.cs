using System.Security.Cryptography;
using System.Text;
using ClusterWorkflows.Activities.Ssh.Commands;
using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Ssh.Files;

/// <summary>
/// Makes a remote file have the given content, owner and mode. The SHA-256 of the remote file is
/// compared first, so an unchanged file is never rewritten; a write goes to a temporary file in the
/// same directory and is renamed over the target (readers never see half a file).
/// </summary>
[Activity("ssh.ensureFile", 1, Category = ActivityCategories.Ssh, InputErrorCode = "ssh.bad-input",
    Description = "Ensures a remote file has the given content, owner, group and mode; writes only when different.")]
public sealed class EnsureRemoteFile(SshConnectionPool pool) : IActivity<EnsureRemoteFileInput, EnsureRemoteFileOutput>
{
    public async Task<ActivityResult<EnsureRemoteFileOutput>> ExecuteAsync(EnsureRemoteFileInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var content = await ContentAsync(input, context, cancellationToken);
        var wanted = Convert.ToHexStringLower(SHA256.HashData(content));
        var mode = input.Mode ?? null;
        return await pool.UseAsync(input.Connection, context, async client =>
        {
            var state = await RemoteFileState.ReadAsync(client, input.Path, input.Sudo, cancellationToken);
            if (state.Kind == "dir")
            {
                throw new NonRetryableActivityException("ssh.not-a-file", $"'{input.Path}' on {input.Connection.Display} is a directory");
            }

            var contentChanged = !state.Exists || state.Sha256 != wanted;
            var newMode = mode ?? (state.Exists ? RemoteFileState.FormatMode(state.Mode) : input.ContentSecret is null ? "0644" : "0600");
            var fixes = contentChanged ? [] : state.AttributeFixes(input.Path, input.Owner, input.Group, input.Mode, isNew: false);
            var output = new EnsureRemoteFileOutput { Path = input.Path, ContentChanged = contentChanged, AttributesChanged = fixes.Count > 0 };
            if (!contentChanged && fixes.Count == 0)
            {
                context.Log.Info($"'{input.Path}' on {input.Connection.Display} is up to date");
                return ActivityResult.Unchanged(output);
            }

            if (context.CheckMode)
            {
                context.Log.Info($"check mode: would {(contentChanged ? "write" : "fix owner/mode of")} '{input.Path}' on {input.Connection.Display}");
                return ActivityResult.Changed(output);
            }

            if (contentChanged)
            {
                await RemoteFileWriter.WriteAsync(client, input.Path, content, new WantedAttributes(input.Owner, input.Group, newMode), state, input.Sudo, cancellationToken);
                context.Log.Info($"wrote '{input.Path}' on {input.Connection.Display} ({content.Length} bytes)");
                output = output with { AttributesChanged = input.Owner is not null || input.Group is not null || input.Mode is not null };
            }
            else
            {
                await RemoteShell.QueryAsync(client, ShellText.Wrap(string.Join(" && ", fixes), input.Sudo), $"fixing owner/mode of '{input.Path}'", cancellationToken);
                context.Log.Info($"fixed owner/mode of '{input.Path}' on {input.Connection.Display}");
            }

            return ActivityResult.Changed(output);
        }, cancellationToken);
    }

    private static async Task<byte[]> ContentAsync(EnsureRemoteFileInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        if (input.Content is not null)
        {
            return Encoding.UTF8.GetBytes(input.Content);
        }

        var vault = context.Secrets
            ?? throw new NonRetryableActivityException("ssh.no-secret-store", $"contentSecret '{input.ContentSecret}' needs the engine's secret store, which this run does not have");
        var value = await vault.GetAsync(input.ContentSecret!, cancellationToken)
            ?? throw new NonRetryableActivityException("ssh.secret-missing", $"secret '{input.ContentSecret}' (contentSecret) does not exist");
        return Encoding.UTF8.GetBytes(value);
    }
}
