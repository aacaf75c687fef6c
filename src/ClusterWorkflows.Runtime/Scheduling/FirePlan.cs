using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Scheduling;

/// <summary>
/// What one tick does with one due schedule: the instants to fire (oldest first), where the schedule goes next,
/// and the fires it drops as missed. A pure function of the schedule, its cron and the clock, so that every node
/// computes the same plan and the store's (schedule, instant) key makes exactly one of them win each instant.
/// </summary>
public sealed record FirePlan
{
    /// <summary>At most this many missed fires are caught up at once (catch-up all).</summary>
    public const int MaxCatchUp = 1000;

    /// <summary>Instants to fire, oldest first. Empty when every due instant was missed.</summary>
    public required IReadOnlyList<DateTimeOffset> Fires { get; init; }

    /// <summary>The first occurrence after now: the schedule's next fire once this plan is done.</summary>
    public DateTimeOffset? Next { get; init; }

    /// <summary>The oldest and newest dropped instants, when due instants were dropped as missed.</summary>
    public (DateTimeOffset First, DateTimeOffset Last)? Missed { get; init; }

    /// <summary>
    /// Plans the fires of <paramref name="schedule"/> (whose NextFireAt is due) at <paramref name="now"/>. An instant
    /// older than <paramref name="tolerance"/> is missed; the catch-up policy decides which missed ones still fire.
    /// </summary>
    public static FirePlan For(ScheduleRecord schedule, CronSchedule cron, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(cron);
        var due = schedule.NextFireAt ?? throw new ArgumentException($"schedule {schedule.Id} has no next fire", nameof(schedule));
        var lookBack = schedule.CatchUp == CatchUpPolicy.None ? tolerance : Max(schedule.CatchUpWindow, tolerance);
        var from = now - lookBack;

        // Walking from `from`, not from `due`, keeps a schedule that was down for a year (or is every second) cheap.
        var kept = new Queue<DateTimeOffset>();
        DateTimeOffset? lastDropped = null;
        DateTimeOffset start;
        if (due >= from)
        {
            kept.Enqueue(due);
            start = due.AddTicks(1);
        }
        else
        {
            start = from;
        }

        foreach (var instant in cron.Between(start, now))
        {
            kept.Enqueue(instant);
            if (kept.Count > MaxCatchUp)
            {
                lastDropped = kept.Dequeue();
            }
        }

        // None keeps every on-time instant (a sub-minute cron between two ticks); Last only the newest.
        if (schedule.CatchUp == CatchUpPolicy.Last)
        {
            while (kept.Count > 1)
            {
                lastDropped = kept.Dequeue();
            }
        }

        (DateTimeOffset, DateTimeOffset)? missed = null;
        if (due < from)
        {
            var newestBefore = cron.Previous(from) is { } p && p >= due ? p : due;
            missed = (due, lastDropped is { } d && d > newestBefore ? d : newestBefore);
        }
        else if (lastDropped is { } dropped)
        {
            missed = (due, dropped);
        }

        return new FirePlan { Fires = [.. kept], Next = cron.Next(now), Missed = missed };
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
