using System.Text;
using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Ssh.Files;

/// <summary>Ensures a line is present in (or absent from) a remote file, like Ansible's lineinfile.</summary>
[Activity("ssh.ensureLine", 1, Category = ActivityCategories.Ssh,
    Description = "Ensures a line is present in or absent from a remote file, optionally replacing the line a regular expression matches.")]
public sealed class EnsureRemoteLine(SshConnectionPool pool) : IActivity<EnsureRemoteLineInput, EnsureRemoteLineOutput>
{
    public async Task<ActivityResult<EnsureRemoteLineOutput>> ExecuteAsync(EnsureRemoteLineInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var present = input.State == "present";
        if (present && input.Line is null)
        {
            throw new NonRetryableActivityException("ssh.bad-input", "line is required when state is present");
        }

        if (input.Line?.Contains('\n', StringComparison.Ordinal) == true)
        {
            throw new NonRetryableActivityException("ssh.bad-input", "line must not contain a newline");
        }

        if (input.Regexp is not null)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(input.Regexp);
            }
            catch (ArgumentException ex)
            {
                throw new NonRetryableActivityException("ssh.bad-input", $"regexp is not a valid regular expression: {ex.Message}");
            }
        }

        return await pool.UseAsync(input.Connection, context, async client =>
        {
            var bytes = await RemoteFileWriter.ReadAsync(client, input.Path, input.Sudo, cancellationToken);
            if (bytes is null && (!present || !input.Create))
            {
                if (present)
                {
                    throw new NonRetryableActivityException("ssh.file-missing", $"'{input.Path}' on {input.Connection.Display} does not exist and create is false");
                }

                return ActivityResult.Unchanged(new EnsureRemoteLineOutput { Path = input.Path, LinesChanged = 0 });
            }

            var text = bytes is null ? "" : Encoding.UTF8.GetString(bytes);
            var (updated, changed) = LineEditor.Apply(text, input.Line, present, input.Regexp);
            var output = new EnsureRemoteLineOutput { Path = input.Path, LinesChanged = changed };
            if (changed == 0)
            {
                context.Log.Info($"'{input.Path}' on {input.Connection.Display} already {(present ? "has" : "lacks")} the line");
                return ActivityResult.Unchanged(output);
            }

            if (context.CheckMode)
            {
                context.Log.Info($"check mode: would change {changed} line(s) of '{input.Path}' on {input.Connection.Display}");
                return ActivityResult.Changed(output);
            }

            var state = await RemoteFileState.ReadAsync(client, input.Path, input.Sudo, cancellationToken);
            var mode = input.Mode ?? (state.Exists ? RemoteFileState.FormatMode(state.Mode) : "0644");
            await RemoteFileWriter.WriteAsync(client, input.Path, Encoding.UTF8.GetBytes(updated), new WantedAttributes(null, null, mode), state, input.Sudo, cancellationToken);
            context.Log.Info($"changed {changed} line(s) of '{input.Path}' on {input.Connection.Display}");
            return ActivityResult.Changed(output);
        }, cancellationToken);
    }
}
