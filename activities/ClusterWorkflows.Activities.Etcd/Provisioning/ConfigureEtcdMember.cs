using System.Net;
using System.Security.Cryptography;
using ClusterWorkflows.Activities.Ssh.Commands;
using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Activities.Ssh.Files;
using ClusterWorkflows.Sdk;
using Renci.SshNet;

namespace ClusterWorkflows.Activities.Etcd.Provisioning;

/// <summary>
/// Makes a host an etcd member over SSH: certificates and configuration for the packaged
/// etcd.service, then start (or restart when a file changed). The start does not wait: the first
/// member of a new cluster blocks until a quorum has started, so members are started together and
/// readiness is the job of etcd.checkHealth afterwards.
/// </summary>
[Activity("etcd.configureMember", 1, Category = ActivityCategories.Etcd, InputErrorCode = "etcd.bad-input",
    Description = "Configures an etcd member over SSH (TLS for clients and peers) and starts it without waiting for quorum.")]
public sealed class ConfigureEtcdMember(SshConnectionPool pool) : IActivity<ConfigureEtcdMemberInput, ConfigureEtcdMemberOutput>
{
    public async Task<ActivityResult<ConfigureEtcdMemberOutput>> ExecuteAsync(ConfigureEtcdMemberInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Validate(input);
        var vault = context.Secrets
            ?? throw new NonRetryableActivityException("etcd.no-secret-store", $"keySecret '{input.KeySecret}' needs the engine's secret store, which this run does not have");
        var key = await vault.GetAsync(input.KeySecret, cancellationToken)
            ?? throw new NonRetryableActivityException("etcd.secret-missing", $"secret '{input.KeySecret}' (keySecret) does not exist");
        var files = EtcdMemberFiles.For(input, key);
        var display = $"etcd member {input.Name} on {input.Ssh.Display}";

        return await pool.UseAsync(input.Ssh, context, async client =>
        {
            var stale = new List<(MemberFile File, RemoteFileState State)>();
            foreach (var file in files)
            {
                var state = await RemoteFileState.ReadAsync(client, file.Path, input.Sudo, cancellationToken);
                var fixes = state.Exists ? state.AttributeFixes(file.Path, file.Owner, null, file.Mode, isNew: false) : [];
                if (!state.Exists || state.Sha256 != Convert.ToHexStringLower(SHA256.HashData(file.Content)) || fixes.Count > 0)
                {
                    stale.Add((file, state));
                }
            }

            var dataDirReady = await SucceedsAsync(client, input, $"test -d {ShellText.Quote(input.DataDir)}", cancellationToken);
            var enabled = await SucceedsAsync(client, input, "systemctl is-enabled --quiet etcd", cancellationToken);
            // "activating" counts as running: a member started with --no-block stays there until its quorum is up.
            var active = await SucceedsAsync(client, input, "case \"$(systemctl show -p ActiveState --value etcd)\" in active|activating|reloading) true ;; *) false ;; esac", cancellationToken);
            var action = stale.Count > 0 ? "restarted" : active ? "unchanged" : "started";
            var output = new ConfigureEtcdMemberOutput
            {
                ChangedFiles = stale.Select(s => s.File.Path).ToArray(),
                Action = action,
                ClientUrl = EtcdMemberFiles.ClientUrl(input),
            };
            if (action == "unchanged" && dataDirReady && enabled)
            {
                context.Log.Info($"{display} is configured and running");
                return ActivityResult.Unchanged(output);
            }

            if (context.CheckMode)
            {
                context.Log.Info($"check mode: {display}: would write {stale.Count} file(s) and {(action == "unchanged" ? "enable it" : action == "restarted" ? "restart it" : "start it")}");
                return ActivityResult.Changed(output);
            }

            await RunAsync(client, input, $"install -d -m 0755 {EtcdMemberFiles.PkiDirectory} && install -d -o etcd -g etcd -m 0700 {ShellText.Quote(input.DataDir)}", context, cancellationToken);
            foreach (var (file, state) in stale)
            {
                await RemoteFileWriter.WriteAsync(client, file.Path, file.Content, new WantedAttributes(file.Owner, file.Owner, file.Mode), state, input.Sudo, cancellationToken);
                context.Log.Info($"wrote {file.Path} on {input.Ssh.Display}");
            }

            if (!enabled)
            {
                await RunAsync(client, input, "systemctl enable etcd", context, cancellationToken);
            }

            if (action != "unchanged")
            {
                // --no-block: a member of a new cluster only reports ready once a quorum is up.
                await RunAsync(client, input, $"systemctl {(action == "restarted" ? "restart" : "start")} --no-block etcd", context, cancellationToken);
            }

            return ActivityResult.Changed(output);
        }, cancellationToken);
    }

    private static void Validate(ConfigureEtcdMemberInput input)
    {
        if (!IPAddress.TryParse(input.Address, out _))
        {
            throw new NonRetryableActivityException("etcd.bad-input", $"address '{input.Address}' is not an IP address");
        }

        for (var i = 0; i < input.Members.Length; i++)
        {
            if (!IPAddress.TryParse(input.Members[i].Address, out _))
            {
                throw new NonRetryableActivityException("etcd.bad-input", $"members[{i}].address '{input.Members[i].Address}' is not an IP address");
            }
        }

        var self = input.Members.FirstOrDefault(m => m.Name == input.Name);
        if (self is null || self.Address != input.Address)
        {
            throw new NonRetryableActivityException("etcd.bad-input", $"members must list this member ({input.Name} at {input.Address})");
        }

        if (input.Members.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != input.Members.Length)
        {
            throw new NonRetryableActivityException("etcd.bad-input", "members: every member name must be unique");
        }
    }

    private static async Task<bool> SucceedsAsync(SshClient client, ConfigureEtcdMemberInput input, string command, CancellationToken cancellationToken) =>
        (await RemoteShell.ExecAsync(client, ShellText.Wrap(command, input.Sudo), null, null, cancellationToken)).ExitCode == 0;

    private static async Task RunAsync(SshClient client, ConfigureEtcdMemberInput input, string command, ActivityContext context, CancellationToken cancellationToken)
    {
        context.Log.Info($"$ {command}");
        var outcome = await RemoteShell.ExecAsync(client, ShellText.Wrap(command, input.Sudo), context.Log.Info, context.Log.Warning, cancellationToken);
        if (outcome.ExitCode != 0)
        {
            throw new ActivityException("etcd.remote-failed", $"'{command}' on {input.Ssh.Display} exited with code {outcome.ExitCode}: {outcome.Stderr.LastLines(10)}");
        }
    }
}
