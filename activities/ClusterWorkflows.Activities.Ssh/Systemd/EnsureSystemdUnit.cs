using System.Security.Cryptography;
using System.Text;
using ClusterWorkflows.Activities.Ssh.Commands;
using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Activities.Ssh.Files;
using ClusterWorkflows.Sdk;
using Renci.SshNet;

namespace ClusterWorkflows.Activities.Ssh.Systemd;

/// <summary>
/// Writes a systemd unit when its content differs, then daemon-reload, enable, and start — or
/// restart, only when the file changed, so a re-run never bounces a healthy service.
/// </summary>
[Activity("ssh.ensureSystemdUnit", 1, Category = ActivityCategories.Ssh,
    Description = "Ensures a systemd unit file, enabled and running; restarts the unit only when its file changed.")]
public sealed class EnsureSystemdUnit(SshConnectionPool pool) : IActivity<EnsureSystemdUnitInput, EnsureSystemdUnitOutput>
{
    public async Task<ActivityResult<EnsureSystemdUnitOutput>> ExecuteAsync(EnsureSystemdUnitInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var content = Encoding.UTF8.GetBytes(input.Content);
        var wanted = Convert.ToHexStringLower(SHA256.HashData(content));
        var path = input.UnitDirectory.TrimEnd('/') + "/" + input.Name;
        var unit = ShellText.Quote(input.Name);
        return await pool.UseAsync(input.Connection, context, async client =>
        {
            var state = await RemoteFileState.ReadAsync(client, path, input.Sudo, cancellationToken);
            var fileChanged = !state.Exists || state.Sha256 != wanted;
            var enable = input.Enabled && !await SucceedsAsync(client, input, $"is-enabled --quiet {unit}", cancellationToken);
            var start = input.Started && !fileChanged && !await SucceedsAsync(client, input, $"is-active --quiet {unit}", cancellationToken);
            var action = input.Started && fileChanged ? "restarted" : start ? "started" : "unchanged";
            var output = new EnsureSystemdUnitOutput { FileChanged = fileChanged, EnabledNow = enable, Action = action };
            var display = $"{input.Name} on {input.Connection.Display}";
            if (!fileChanged && !enable && action == "unchanged")
            {
                context.Log.Info($"{display} is up to date");
                return ActivityResult.Unchanged(output);
            }

            if (context.CheckMode)
            {
                context.Log.Info($"check mode: {display}: file {(fileChanged ? "would be written" : "unchanged")}, {(enable ? "would be enabled" : "enable unchanged")}, {action}");
                return ActivityResult.Changed(output);
            }

            if (fileChanged)
            {
                await RemoteFileWriter.WriteAsync(client, path, content, new WantedAttributes(null, null, "0644"), state, input.Sudo, cancellationToken);
                context.Log.Info($"wrote {path}");
                await SystemctlAsync(client, input, "daemon-reload", context.Log, cancellationToken);
            }

            if (enable)
            {
                await SystemctlAsync(client, input, $"enable {unit}", context.Log, cancellationToken);
            }

            if (action != "unchanged")
            {
                await SystemctlAsync(client, input, $"{(action == "restarted" ? "restart" : "start")} {unit}", context.Log, cancellationToken);
            }

            return ActivityResult.Changed(output);
        }, cancellationToken);
    }

    private static async Task<bool> SucceedsAsync(SshClient client, EnsureSystemdUnitInput input, string arguments, CancellationToken cancellationToken)
    {
        var outcome = await RemoteShell.ExecAsync(client, ShellText.Wrap($"{input.Systemctl} {arguments}", input.Sudo), null, null, cancellationToken);
        return outcome.ExitCode == 0;
    }

    private static async Task SystemctlAsync(SshClient client, EnsureSystemdUnitInput input, string arguments, IActivityLog log, CancellationToken cancellationToken)
    {
        log.Info($"$ {input.Systemctl} {arguments}");
        var outcome = await RemoteShell.ExecAsync(client, ShellText.Wrap($"{input.Systemctl} {arguments}", input.Sudo), log.Info, log.Warning, cancellationToken);
        if (outcome.ExitCode != 0)
        {
            throw new ActivityException("ssh.systemctl", $"'{input.Systemctl} {arguments}' on {input.Connection.Display} exited with code {outcome.ExitCode}: {outcome.Stderr.LastLines(10)}");
        }
    }
}
