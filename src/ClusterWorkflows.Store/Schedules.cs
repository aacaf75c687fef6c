using System.Text.Json.Nodes;

namespace ClusterWorkflows.Store;

/// <summary>What a fire does when the schedule's previous run is still active.</summary>
public enum OverlapPolicy
{
    /// <summary>Record the fire as skipped; start nothing.</summary>
    Skip,

    /// <summary>Start the run; it waits for the previous one (they share a concurrency key).</summary>
    Queue,

    /// <summary>Start the run at once, side by side with the previous one.</summary>
    Allow,
}

/// <summary>What happens to fires missed while no engine node was up.</summary>
public enum CatchUpPolicy
{
    /// <summary>Missed fires are dropped; the next fire is the next one in the future.</summary>
    None,

    /// <summary>Only the most recent missed fire (within the window) runs.</summary>
    Last,

    /// <summary>Every missed fire within the window runs, oldest first.</summary>
    All,
}

/// <summary>
/// A cron trigger of a saved definition, as stored. <see cref="Id"/> is stable across versions
/// (<c>definitionId/triggerName</c>) so that pausing survives a new version of the runbook.
/// </summary>
public sealed record ScheduleRecord
{
    public required string Id { get; init; }
    public required string DefinitionId { get; init; }
    public required int DefinitionVersion { get; init; }
    public required string Cron { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public JsonObject Inputs { get; init; } = [];
    public OverlapPolicy Overlap { get; init; } = OverlapPolicy.Skip;
    public CatchUpPolicy CatchUp { get; init; } = CatchUpPolicy.None;
    public TimeSpan CatchUpWindow { get; init; } = TimeSpan.FromHours(24);
    public bool Paused { get; init; }

    /// <summary>The next fire instant (UTC) no node has taken yet.</summary>
    public DateTimeOffset? NextFireAt { get; init; }

    public DateTimeOffset? LastFireAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public enum FireOutcome
{
    Started,
    Skipped,
}

/// <summary>One fire of one schedule at one instant; unique per (schedule, instant) across all nodes.</summary>
public sealed record ScheduleFire(string ScheduleId, DateTimeOffset FireAt, FireOutcome Outcome, Guid? RunId, string Node, DateTimeOffset RecordedAt);

/// <summary>Schedules and their exactly-once fires.</summary>
public interface IScheduleStore
{
    /// <summary>
    /// Creates or updates a schedule's definition fields (definition version, cron, time zone,
    /// inputs, policies). An existing schedule keeps <c>Paused</c> and <c>LastFireAt</c>; its
    /// <c>NextFireAt</c> is replaced by the given one only when the cron or time zone changed or it was null.
    /// </summary>
    Task UpsertScheduleAsync(ScheduleRecord schedule, CancellationToken cancellationToken);

    /// <summary>Deletes the schedules of <paramref name="definitionId"/> whose ids are not in <paramref name="keep"/>.</summary>
    Task<int> RemoveSchedulesAsync(string definitionId, IReadOnlyCollection<string> keep, CancellationToken cancellationToken);

    Task<IReadOnlyList<ScheduleRecord>> ListSchedulesAsync(CancellationToken cancellationToken);

    Task<ScheduleRecord?> GetScheduleAsync(string id, CancellationToken cancellationToken);

    /// <summary>False when no such schedule exists.</summary>
    Task<bool> SetSchedulePausedAsync(string id, bool paused, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The exactly-once step, in ONE transaction: inserts the fire (schedule, <paramref name="fireAt"/>)
    /// — returning false without any other change when that fire already exists —, creates
    /// <paramref name="run"/> when given (outcome Started), and moves the schedule's NextFireAt to
    /// <paramref name="nextFireAt"/> (only forward) and LastFireAt to fireAt.
    /// </summary>
    Task<bool> TryFireAsync(string scheduleId, DateTimeOffset fireAt, RunRecord? run, DateTimeOffset? nextFireAt, string node, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Fires of a schedule, newest first.</summary>
    Task<IReadOnlyList<ScheduleFire>> ListFiresAsync(string scheduleId, int limit, CancellationToken cancellationToken);
}

/// <summary>Wakes idle workers when runnable work appears (PostgreSQL LISTEN/NOTIFY); others poll.</summary>
public interface IWorkSignal
{
    /// <summary>Completes when new work may be claimable, or after <paramref name="timeout"/>. Never throws on timeout.</summary>
    Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
