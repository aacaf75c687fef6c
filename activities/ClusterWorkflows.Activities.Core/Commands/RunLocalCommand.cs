using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Commands;

/// <summary>
/// Runs a command on the engine host, like Ansible's command/shell modules. An arbitrary command
/// may not be safe to repeat after a crash, hence <c>Idempotent = false</c>; <c>creates</c> and
/// <c>removes</c> make it check-then-act.
/// </summary>
[Activity("core.command", 1, Category = ActivityCategories.Core, Idempotent = false, InputErrorCode = "command.bad-input",
    Description = "Runs a command on the engine host and returns its exit code and output.")]
public sealed class RunLocalCommand : IActivity<RunLocalCommandInput, RunLocalCommandOutput>
{
    private const int ShellNotFound = 127;
    private const int ErrorLines = 10;

    public async Task<ActivityResult<RunLocalCommandOutput>> ExecuteAsync(RunLocalCommandInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var workingDirectory = input.WorkingDirectory is null ? null : Path.GetFullPath(input.WorkingDirectory);
        var skip = SkipReason(input, workingDirectory);
        if (skip is not null)
        {
            context.Log.Info($"skipped: {skip}");
            return ActivityResult.Unchanged(RunLocalCommandOutput.NotRun);
        }

        var display = CommandLine.Display(input);
        var workingDirectoryMissing = workingDirectory is not null && !Directory.Exists(workingDirectory);
        if (context.CheckMode)
        {
            // An earlier step may create the directory; in check mode that step did not run.
            var note = workingDirectoryMissing ? " (its working directory does not exist yet)" : "";
            context.Log.Info($"check mode: would run {display}{note}");
            return ActivityResult.Changed(RunLocalCommandOutput.NotRun);
        }

        if (workingDirectoryMissing)
        {
            throw new NonRetryableActivityException("command.bad-working-directory", $"working directory '{workingDirectory}' does not exist");
        }

        using var timeout = input.Timeout is { } t ? new CancellationTokenSource(t, context.Time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        context.Log.Info($"$ {display}");
        CommandOutcome outcome;
        try
        {
            outcome = await CommandRunner.RunAsync(CommandLine.StartInfo(input, workingDirectory), context.Log, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ActivityException(
                "command.timeout",
                $"{display} did not finish within {Duration.Format(input.Timeout!.Value)}; it was killed with its child processes");
        }

        return Complete(input, display, outcome, context.Log);
    }

    private static ActivityResult<RunLocalCommandOutput> Complete(RunLocalCommandInput input, string display, CommandOutcome outcome, IActivityLog log)
    {
        var output = new RunLocalCommandOutput
        {
            ExitCode = outcome.ExitCode,
            Stdout = outcome.Stdout.ToString(),
            Stderr = outcome.Stderr.ToString(),
        };
        if (outcome.Stdout.Truncated || outcome.Stderr.Truncated)
        {
            log.Info("output is longer than 64 KiB; the stdout/stderr outputs keep the last 64 KiB");
        }

        if (!input.SuccessExitCodes.Contains(outcome.ExitCode))
        {
            var tail = string.Join(" | ", outcome.Stderr.LastLines(ErrorLines).Where(l => l.Length > 0));
            var detail = tail.Length > 0 ? $"; stderr: {tail}" : "";
            if (input.Shell && outcome.ExitCode == ShellNotFound)
            {
                throw new NonRetryableActivityException("command.not-found", $"{display} exited with code 127 (command not found){detail}");
            }

            throw new ActivityException("command.exit", $"{display} exited with code {outcome.ExitCode}{detail}");
        }

        log.Info($"exit code {outcome.ExitCode}");
        return ActivityResult.Changed(output);
    }

    /// <summary>Ansible's creates/removes: the cheap check that makes a command check-then-act.</summary>
    private static string? SkipReason(RunLocalCommandInput input, string? workingDirectory)
    {
        var baseDirectory = workingDirectory ?? Environment.CurrentDirectory;
        if (input.Creates is { Length: > 0 } creates && Exists(Path.GetFullPath(creates, baseDirectory)))
        {
            return $"'{creates}' exists";
        }

        if (input.Removes is { Length: > 0 } removes && !Exists(Path.GetFullPath(removes, baseDirectory)))
        {
            return $"'{removes}' does not exist";
        }

        return null;
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
}
