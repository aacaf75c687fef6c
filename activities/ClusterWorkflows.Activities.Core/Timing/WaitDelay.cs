using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Timing;

/// <summary>
/// An in-process wait for short pauses. It does not survive a crash or a restart; the runbook's
/// durable <c>delay:</c> step is the one for long waits.
/// </summary>
[Activity("core.delay", 1, Category = ActivityCategories.Core, Description = "Waits in process for a short time (use the runbook's delay step for long, durable waits).")]
public sealed class WaitDelay : IActivity<WaitDelayInput, NoOutput>
{
    // Task.Delay's own limit (about 49.7 days); anything near it belongs in a durable delay step anyway.
    private static readonly TimeSpan MaxDuration = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public async Task<ActivityResult<NoOutput>> ExecuteAsync(WaitDelayInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (input.Duration < TimeSpan.Zero)
        {
            throw new NonRetryableActivityException("delay.bad-duration", "duration must not be negative");
        }

        if (input.Duration > MaxDuration)
        {
            throw new NonRetryableActivityException("delay.bad-duration", "duration is too long for an in-process wait; use the runbook's delay step");
        }

        var text = Duration.Format(input.Duration);
        if (context.CheckMode)
        {
            context.Log.Info($"check mode: would wait {text}");
            return ActivityResult.Unchanged(NoOutput.Instance);
        }

        context.Log.Info($"waiting {text}");
        using var progress = ReportEachSecond(input.Duration, text, context);
        await Task.Delay(input.Duration, context.Time, cancellationToken);
        return ActivityResult.Unchanged(NoOutput.Instance);
    }

    /// <summary>
    /// Seconds waited of the whole, once a second, for waits long enough to watch. A timer beside the one
    /// delay (rather than a delay per second) keeps the wait exactly as long as asked on any clock.
    /// </summary>
    private static ITimer? ReportEachSecond(TimeSpan duration, string text, ActivityContext context)
    {
        if (duration < TimeSpan.FromSeconds(2))
        {
            return null;
        }

        var start = context.Time.GetUtcNow();
        var total = (long)Math.Ceiling(duration.TotalSeconds);
        context.Progress.Report(0, total, "s", $"waiting {text}");
        return context.Time.CreateTimer(
            _ => context.Progress.Report(Math.Min(total, (long)(context.Time.GetUtcNow() - start).TotalSeconds), total, "s", $"waiting {text}"),
            null,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(1));
    }
}
