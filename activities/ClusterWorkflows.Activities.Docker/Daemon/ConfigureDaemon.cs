using System.Security.Cryptography;
using System.Text;
using ClusterWorkflows.Activities.Ssh.Commands;
using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Activities.Ssh.Files;
using ClusterWorkflows.Sdk;
using Renci.SshNet;

namespace ClusterWorkflows.Activities.Docker.Daemon;

/// <summary>
/// Writes the daemon's configuration (daemon.json, optionally TLS files and the TLS listener in
/// /etc/default/docker), comparing SHA-256 first so unchanged files are not rewritten, and restarts
/// docker only when something changed; then waits until the daemon answers again.
/// </summary>
[Activity("docker.configureDaemon", 1, Category = ActivityCategories.Docker,
    Description = "Writes /etc/docker/daemon.json (and the TLS listener files) over SSH, restarts docker only when something changed, and waits until it answers.")]
public sealed class ConfigureDaemon(SshConnectionPool pool) : IActivity<ConfigureDaemonInput, ConfigureDaemonOutput>
{
    private static readonly TimeSpan RestartDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public async Task<ActivityResult<ConfigureDaemonOutput>> ExecuteAsync(ConfigureDaemonInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DaemonFiles.Validate(input);
        var keyPem = await KeyAsync(input, context, cancellationToken);
        var host = input.Connection.Display;
        return await pool.UseAsync(input.Connection, context, async client =>
        {
            var files = new List<DaemonFile> { new(DaemonFiles.DaemonJson, DaemonFiles.DaemonJsonContent(input), "0644") };
            if (input.Tls is { } tls)
            {
                files.Add(new DaemonFile(DaemonFiles.CaFile, Encoding.UTF8.GetBytes(Pem(tls.CaCertificatePem)), "0644"));
                files.Add(new DaemonFile(DaemonFiles.CertFile, Encoding.UTF8.GetBytes(Pem(tls.CertificatePem)), "0644"));
                // In check mode the key may not exist yet (made by a step that did not run): the key file then counts as changed.
                files.Add(new DaemonFile(DaemonFiles.KeyFile, keyPem is null ? [] : Encoding.UTF8.GetBytes(Pem(keyPem)), "0600", Unknown: keyPem is null));
                var defaults = await RemoteFileWriter.ReadAsync(client, DaemonFiles.Defaults, input.Sudo, cancellationToken);
                files.Add(new DaemonFile(DaemonFiles.Defaults, DaemonFiles.DefaultsContent(defaults, tls.Listen), "0644"));
            }

            var changed = new List<string>();
            foreach (var file in files)
            {
                if (await EnsureAsync(client, file, input.Sudo, context, cancellationToken))
                {
                    changed.Add(file.Path);
                }
            }

            if (context.CheckMode)
            {
                context.Log.Info(changed.Count == 0
                    ? $"check mode: the docker configuration on {host} is up to date"
                    : $"check mode: would write {string.Join(", ", changed)} and restart docker on {host}");
                var output = new ConfigureDaemonOutput { ChangedFiles = [.. changed], Restarted = changed.Count > 0 };
                return changed.Count > 0 ? ActivityResult.Changed(output) : ActivityResult.Unchanged(output);
            }

            var restart = changed.Count > 0;
            if (!restart && !await IsActiveAsync(client, input.Sudo, cancellationToken))
            {
                // Files as wanted but the daemon is down (say, a restart that failed last time): start it again.
                context.Log.Warning($"docker is not running on {host}; restarting it");
                restart = true;
            }

            if (restart)
            {
                context.Log.Info($"restarting docker on {host}");
                await RemoteShell.QueryAsync(client, ShellText.Wrap("systemctl reset-failed docker.service >/dev/null 2>&1; systemctl restart docker.service", input.Sudo),
                    "restarting docker", cancellationToken);
                await WaitUntilAnsweringAsync(client, input.Sudo, host, context, cancellationToken);
            }
            else
            {
                context.Log.Info($"the docker configuration on {host} is up to date");
            }

            var result = new ConfigureDaemonOutput { ChangedFiles = [.. changed], Restarted = restart };
            return restart ? ActivityResult.Changed(result) : ActivityResult.Unchanged(result);
        }, cancellationToken);
    }

    private static async Task<string?> KeyAsync(ConfigureDaemonInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        if (input.Tls is not { } tls)
        {
            return null;
        }

        var vault = context.Secrets ?? throw new NonRetryableActivityException("docker.no-vault", "tls.keySecret: no secret vault is available to this run");
        var key = await vault.GetAsync(tls.KeySecret, cancellationToken);
        if (key is null && !context.CheckMode)
        {
            throw new NonRetryableActivityException("docker.bad-input", $"tls.keySecret: the vault has no secret named '{tls.KeySecret}'");
        }

        return key;
    }

    private static string Pem(string pem) => pem.Trim() + "\n";

    /// <summary>Writes the file when its SHA-256 differs (content through stdin), or fixes its mode; true when it changed.</summary>
    private static async Task<bool> EnsureAsync(SshClient client, DaemonFile file, bool sudo, ActivityContext context, CancellationToken cancellationToken)
    {
        var state = await RemoteFileState.ReadAsync(client, file.Path, sudo, cancellationToken);
        var wanted = Convert.ToHexStringLower(SHA256.HashData(file.Content));
        var contentDiffers = file.Unknown || !state.Exists || state.Sha256 != wanted;
        var modeDiffers = state.Exists && state.Mode != RemoteFileState.ParseMode(file.Mode);
        if (!contentDiffers && !modeDiffers)
        {
            return false;
        }

        if (context.CheckMode)
        {
            return true;
        }

        var directory = ShellText.Quote(Path.GetDirectoryName(file.Path)!);
        await RemoteShell.QueryAsync(client, ShellText.Wrap($"mkdir -p {directory}", sudo), $"creating {directory}", cancellationToken);
        if (contentDiffers)
        {
            await RemoteFileWriter.WriteAsync(client, file.Path, file.Content, new WantedAttributes("root", "root", file.Mode), state, sudo, cancellationToken);
            context.Log.Info($"wrote {file.Path} ({file.Content.Length} bytes, mode {file.Mode})");
        }
        else
        {
            await RemoteShell.QueryAsync(client, ShellText.Wrap($"chmod {file.Mode} -- {ShellText.Quote(file.Path)}", sudo), $"fixing the mode of {file.Path}", cancellationToken);
            context.Log.Info($"fixed the mode of {file.Path} to {file.Mode}");
        }

        return true;
    }

    private static async Task<bool> IsActiveAsync(SshClient client, bool sudo, CancellationToken cancellationToken)
    {
        var outcome = await RemoteShell.ExecAsync(client, ShellText.Wrap("systemctl is-active --quiet docker.service", sudo), null, null, cancellationToken);
        return outcome.ExitCode == 0;
    }

    private static async Task WaitUntilAnsweringAsync(SshClient client, bool sudo, string host, ActivityContext context, CancellationToken cancellationToken)
    {
        var deadline = context.Time.GetUtcNow() + RestartDeadline;
        while (true)
        {
            var outcome = await RemoteShell.ExecAsync(client, ShellText.Wrap("timeout 5 docker info --format '{{.ServerVersion}}'", sudo), null, null, cancellationToken);
            if (outcome.ExitCode == 0)
            {
                context.Log.Info($"docker {outcome.Stdout.ToString().Trim()} answers again on {host}");
                return;
            }

            if (context.Time.GetUtcNow() + PollInterval > deadline)
            {
                var journal = await RemoteShell.ExecAsync(client, ShellText.Wrap("journalctl -u docker.service -n 5 --no-pager -o cat", sudo), null, null, cancellationToken);
                throw new ActivityException("docker.daemon-down",
                    $"{host}: docker did not answer within {Duration.Format(RestartDeadline)} after the restart; last journal lines: {journal.Stdout.LastLines(5)}");
            }

            await Task.Delay(PollInterval, context.Time, cancellationToken);
        }
    }
}
