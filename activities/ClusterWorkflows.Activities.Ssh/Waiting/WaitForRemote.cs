using System.Globalization;
using ClusterWorkflows.Activities.Ssh.Commands;
using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Ssh.Waiting;

/// <summary>Polls a remote condition until it holds. Waiting changes nothing, so it always reports unchanged.</summary>
[Activity("ssh.waitFor", 1, Category = ActivityCategories.Ssh, InputErrorCode = "ssh.bad-input",
    Description = "Waits until a TCP port accepts connections on the remote host, or a remote command succeeds.")]
public sealed class WaitForRemote(SshConnectionPool pool) : IActivity<WaitForRemoteInput, WaitForRemoteOutput>
{
    public async Task<ActivityResult<WaitForRemoteOutput>> ExecuteAsync(WaitForRemoteInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (probe, what) = Probe(input);
        if (context.CheckMode)
        {
            // The step that would make the condition true did not run in check mode.
            context.Log.Info($"check mode: would wait for {what} on {input.Connection.Display}");
            return ActivityResult.Unchanged(new WaitForRemoteOutput { Attempts = 0 });
        }

        var started = context.Time.GetUtcNow();
        var deadline = started + input.Timeout;
        var timeoutSeconds = (long)Math.Ceiling(input.Timeout.TotalSeconds);
        context.Log.Info($"waiting up to {Duration.Format(input.Timeout)} for {what} on {input.Connection.Display}");
        for (var attempt = 1; ; attempt++)
        {
            // Seconds of the timeout used so far: the bar shows how long is left before the wait gives up.
            var waited = (long)(context.Time.GetUtcNow() - started).TotalSeconds;
            context.Progress.Report(Math.Min(waited, timeoutSeconds), timeoutSeconds, "s", $"attempt {attempt}: waiting for {what}");
            var outcome = await pool.UseAsync(input.Connection, context, client => RemoteShell.ExecAsync(client, probe, null, null, cancellationToken), cancellationToken);
            if (outcome.ExitCode == 0)
            {
                context.Log.Info($"{what} is ready after {attempt} attempt(s)");
                return ActivityResult.Unchanged(new WaitForRemoteOutput { Attempts = attempt });
            }

            if (context.Time.GetUtcNow() + input.Interval > deadline)
            {
                var detail = outcome.Stderr.LastLines(3) is { Length: > 0 } tail ? $"; last stderr: {tail}" : "";
                throw new ActivityException("ssh.wait-timeout", $"{what} on {input.Connection.Display} was not ready within {Duration.Format(input.Timeout)} ({attempt} attempts){detail}");
            }

            context.Log.Info($"attempt {attempt}: {what} not ready yet (exit code {outcome.ExitCode})");
            await Task.Delay(input.Interval, context.Time, cancellationToken);
        }
    }

    private static (string Probe, string What) Probe(WaitForRemoteInput input)
    {
        if (input.Command is { } command)
        {
            return (ShellText.Wrap(command, input.Sudo), $"'{command}' to succeed");
        }

        var port = input.Port!.Value.ToString(CultureInfo.InvariantCulture);
        // [HostName] on the input lets only letters, digits, '.', ':' and '-' through: safe in the probe's command line.
        var host = input.PortHost;

        // bash's /dev/tcp needs no extra tool; nc is the fallback on hosts without bash.
        var probe = $"if command -v bash >/dev/null 2>&1; then timeout 5 bash -c ': </dev/tcp/{host}/{port}'; else nc -z -w 5 {host} {port}; fi";
        return (probe, $"port {host}:{port}");
    }
}
