using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Ssh.Commands;

/// <summary>
/// Runs a command on a remote host over SSH, like core.command but remote. Not safe to repeat after
/// a crash in general, hence <c>Idempotent = false</c>; <c>creates</c>/<c>removes</c> make it check-then-act.
/// </summary>
[Activity("ssh.run", 1, Category = ActivityCategories.Ssh, InputErrorCode = "ssh.bad-input", Idempotent = false,
    Description = "Runs a command on a remote host over SSH, streaming its output, and returns its exit code.")]
public sealed class RunRemoteCommand(SshConnectionPool pool) : IActivity<RunRemoteCommandInput, RunRemoteCommandOutput>
{
    public async Task<ActivityResult<RunRemoteCommandOutput>> ExecuteAsync(RunRemoteCommandInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = input.Connection;
        var commandLine = ShellText.Wrap(input.Command, input.Sudo, input.Environment);
        return await pool.UseAsync(target, context, async client =>
        {
            if (await SkipReasonAsync(client, input, cancellationToken) is { } skip)
            {
                context.Log.Info($"skipped: {skip}");
                return ActivityResult.Unchanged(RunRemoteCommandOutput.NotRun);
            }

            if (context.CheckMode)
            {
                context.Log.Info($"check mode: would run on {target.Display}: {input.Command}");
                return ActivityResult.Changed(RunRemoteCommandOutput.NotRun);
            }

            using var timeout = input.Timeout is { } t ? new CancellationTokenSource(t, context.Time) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            context.Log.Info($"{target.Display}$ {(input.Sudo ? "sudo " : "")}{input.Command}");
            RemoteOutcome outcome;
            try
            {
                outcome = await RemoteShell.ExecAsync(client, commandLine, context.Log.Info, context.Log.Warning, linked.Token);
            }
            catch (Exception ex) when (ex is Renci.SshNet.Common.SshConnectionException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // Not the pool's broken-connection types on purpose: the command may already have
                // run, and running a non-idempotent command again is for the runbook's retry policy to decide.
                throw new ActivityException("ssh.connection-lost", $"the connection to {target.Display} was lost while '{input.Command}' ran; it may or may not have completed");
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new ActivityException("ssh.timeout", $"'{input.Command}' on {target.Display} did not finish within {Duration.Format(input.Timeout!.Value)}; its channel was closed");
            }

            return Complete(input, target, outcome, context.Log);
        }, cancellationToken);
    }

    private static ActivityResult<RunRemoteCommandOutput> Complete(RunRemoteCommandInput input, SshConnection target, RemoteOutcome outcome, IActivityLog log)
    {
        var output = new RunRemoteCommandOutput
        {
            ExitCode = outcome.ExitCode,
            Stdout = outcome.Stdout.ToString(),
            Stderr = outcome.Stderr.ToString(),
        };
        if (!input.SuccessExitCodes.Contains(outcome.ExitCode))
        {
            var tail = outcome.Stderr.LastLines(10);
            var detail = tail.Length > 0 ? $"; stderr: {tail}" : "";
            throw new ActivityException("ssh.exit", $"'{input.Command}' on {target.Display} exited with code {outcome.ExitCode}{detail}");
        }

        log.Info($"exit code {outcome.ExitCode}");
        return ActivityResult.Changed(output);
    }

    private static async Task<string?> SkipReasonAsync(Renci.SshNet.SshClient client, RunRemoteCommandInput input, CancellationToken cancellationToken)
    {
        if (input.Creates is { Length: > 0 } creates && await ExistsAsync(client, creates, input.Sudo, cancellationToken))
        {
            return $"'{creates}' exists";
        }

        if (input.Removes is { Length: > 0 } removes && !await ExistsAsync(client, removes, input.Sudo, cancellationToken))
        {
            return $"'{removes}' does not exist";
        }

        return null;
    }

    private static async Task<bool> ExistsAsync(Renci.SshNet.SshClient client, string path, bool sudo, CancellationToken cancellationToken)
    {
        var outcome = await RemoteShell.ExecAsync(client, ShellText.Wrap("test -e " + ShellText.Quote(path), sudo), null, null, cancellationToken);
        return outcome.ExitCode == 0;
    }
}
