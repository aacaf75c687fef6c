using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Scheduling;

/// <summary>How schedules are named and how their runs are marked.</summary>
public static class ScheduleIds
{
    /// <summary>A schedule's id: stable across versions so that pausing survives a new version of the runbook.</summary>
    public static string For(string definitionId, string triggerName) => $"{definitionId}/{triggerName}";

    /// <summary>The <see cref="RunRecord.TriggeredBy"/> of the runs a schedule starts (also the queue policy's default concurrency key).</summary>
    public static string TriggeredBy(string scheduleId) => "schedule:" + scheduleId;

    public static OverlapPolicy ToStore(this ScheduleOverlap overlap) => overlap switch
    {
        ScheduleOverlap.Skip => OverlapPolicy.Skip,
        ScheduleOverlap.Queue => OverlapPolicy.Queue,
        ScheduleOverlap.Allow => OverlapPolicy.Allow,
        _ => throw new ArgumentOutOfRangeException(nameof(overlap), overlap, "Unknown overlap policy."),
    };

    public static CatchUpPolicy ToStore(this ScheduleCatchUp catchUp) => catchUp switch
    {
        ScheduleCatchUp.None => CatchUpPolicy.None,
        ScheduleCatchUp.Last => CatchUpPolicy.Last,
        ScheduleCatchUp.All => CatchUpPolicy.All,
        _ => throw new ArgumentOutOfRangeException(nameof(catchUp), catchUp, "Unknown catch-up policy."),
    };
}
