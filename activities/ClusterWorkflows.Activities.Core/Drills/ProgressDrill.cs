using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Drills;

/// <summary>
/// A drill: a long step that reports its progress, one unit per interval, so the live views (cw run, the
/// API's event stream, the run monitor) can be rehearsed and tested without a real upload.
/// </summary>
[Activity("core.progressDrill", 1, Category = "Core", Description = "Drill: works through a number of units at a fixed pace, reporting progress.")]
public sealed class ProgressDrill : IActivity<ProgressDrillInput, NoOutput>
{
    public async Task<ActivityResult<NoOutput>> ExecuteAsync(ProgressDrillInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (input.Interval < TimeSpan.Zero || input.Interval > TimeSpan.FromMinutes(1))
        {
            throw new NonRetryableActivityException("drill.bad-interval", "interval must be between 0 and 1m");
        }

        if (context.CheckMode)
        {
            context.Log.Info($"check mode: would work through {input.Total} {input.Unit}");
            return ActivityResult.Unchanged(NoOutput.Instance);
        }

        context.Log.Info($"drill: working through {input.Total} {input.Unit}, one every {Duration.Format(input.Interval)}");
        context.Progress.Report(0, input.Total, input.Unit, "starting");
        for (var done = 1L; done <= input.Total; done++)
        {
            await Task.Delay(input.Interval, context.Time, cancellationToken);
            context.Progress.Report(done, input.Total, input.Unit, $"unit {done}");
        }

        context.Log.Info($"drill: {input.Total} {input.Unit} done");
        return ActivityResult.Unchanged(NoOutput.Instance);
    }
}
