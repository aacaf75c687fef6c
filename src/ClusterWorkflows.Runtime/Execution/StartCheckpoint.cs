using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Execution;

/// <summary>
/// The "running" journal record of a step attempt. For a step that is not safe to repeat it is
/// written before the activity starts: after a crash it is the proof that the step may have run.
/// For an idempotent step it only serves visibility (a crash just runs the step again), so it is
/// written only if the attempt is still running after a grace period: fast steps then cost one
/// commit instead of two, long ones still show as running in the journal.
/// </summary>
internal sealed class StartCheckpoint : IDisposable
{
    private readonly RunContext ctx;
    private readonly JournalRecord start;
    private readonly Lock gate = new();
    private readonly CancellationTokenSource timer = new();
    private bool settled;
    private Task? writing;

    private StartCheckpoint(RunContext ctx, JournalRecord start)
    {
        this.ctx = ctx;
        this.start = start;
    }

    public static async Task<StartCheckpoint> BeginAsync(RunContext ctx, JournalRecord start, TimeSpan? defer)
    {
        var checkpoint = new StartCheckpoint(ctx, start);
        if (defer is not { } grace)
        {
            await ctx.CheckpointAsync(start);
            checkpoint.settled = true;
            return checkpoint;
        }

        ctx.Observer.StepChanged(ctx.Run.Id, start);
        _ = Task.Delay(grace, checkpoint.timer.Token).ContinueWith(
            t =>
            {
                if (t.IsCanceled)
                {
                    return;
                }

                lock (checkpoint.gate)
                {
                    if (!checkpoint.settled)
                    {
                        checkpoint.writing = ctx.CheckpointAsync(start);
                    }
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return checkpoint;
    }

    /// <summary>Before the attempt's result is written: a start write already under way finishes first, none starts after.</summary>
    public async Task SettleAsync()
    {
        Task? inFlight;
        lock (gate)
        {
            settled = true;
            inFlight = writing;
        }

        await timer.CancelAsync();
        if (inFlight is not null)
        {
            await inFlight;
        }
    }

    public void Dispose() => timer.Dispose();
}
