using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Scheduling;

/// <summary>
/// Cron schedules of saved definitions. Any number of nodes may tick at the same time against one store: every
/// node plans the same fires and the store records each (schedule, instant) once, in the same transaction as the
/// run it starts, so a fire starts exactly one run (or none) whichever nodes are up.
/// </summary>
/// <param name="node">This node's name in fire records and audit entries (usually the worker id).</param>
public sealed partial class Scheduler(EngineServices services, WorkflowEngine engine, string node)
{
    /// <summary>Audit actor of schedule fires and the runs they start.</summary>
    public const string Actor = "scheduler";

    /// <summary>A fire later than this (nodes down, schedule paused) counts as missed and follows the catch-up policy.</summary>
    public TimeSpan MissTolerance { get; init; } = TimeSpan.FromMinutes(1);

    private IWorkflowStore Store => services.Store;

    /// <summary>
    /// Makes the stored schedules match the cron triggers of <paramref name="definition"/>: one per trigger (id
    /// <c>definitionId/name</c>, pinned to this version, next fire computed from now unless its timing is unchanged)
    /// and none for triggers it no longer declares. A version older than the newest saved one changes nothing.
    /// </summary>
    public async Task SyncAsync(WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (await Store.GetDefinitionAsync(definition.Id, null, cancellationToken) is { } newest && newest.Version > definition.Version)
        {
            return;
        }

        var now = services.Time.GetUtcNow();
        var keep = new List<string>();
        foreach (var (name, trigger) in definition.CronTriggers())
        {
            var id = ScheduleIds.For(definition.Id, name);
            var cron = CronSchedule.Parse(trigger.Schedule, trigger.TimeZone);
            await Store.UpsertScheduleAsync(
                new ScheduleRecord
                {
                    Id = id,
                    DefinitionId = definition.Id,
                    DefinitionVersion = definition.Version,
                    Cron = trigger.Schedule,
                    TimeZone = trigger.TimeZone,
                    Inputs = trigger.Inputs.DeepClone().AsObject(),
                    Overlap = trigger.Overlap.ToStore(),
                    CatchUp = trigger.CatchUp.ToStore(),
                    CatchUpWindow = trigger.CatchUpWindow,
                    NextFireAt = cron.Next(now),
                    UpdatedAt = now,
                },
                cancellationToken);
            keep.Add(id);
        }

        await Store.RemoveSchedulesAsync(definition.Id, keep, cancellationToken);
    }

    /// <summary>Every schedule with its next <paramref name="count"/> fire instants (UTC); a paused one shows when it would fire.</summary>
    public async Task<IReadOnlyList<(ScheduleRecord Schedule, IReadOnlyList<DateTimeOffset> Next)>> UpcomingAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var now = services.Time.GetUtcNow();
        var result = new List<(ScheduleRecord, IReadOnlyList<DateTimeOffset>)>();
        foreach (var schedule in await Store.ListSchedulesAsync(cancellationToken))
        {
            var from = schedule.NextFireAt is { } next && next > now ? next : now;
            result.Add((schedule, Upcoming(schedule, from, count)));
        }

        return result;
    }

    /// <summary>A listing shows every schedule; one whose time zone this machine does not know just has no upcoming fires.</summary>
    private static IReadOnlyList<DateTimeOffset> Upcoming(ScheduleRecord schedule, DateTimeOffset from, int count)
    {
        try
        {
            return CronSchedule.Parse(schedule.Cron, schedule.TimeZone).Upcoming(from, count);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or Cronos.CronFormatException)
        {
            return [];
        }
    }

    /// <summary>Pauses a schedule (it keeps its place; see <see cref="ResumeAsync"/>). False when there is no such schedule.</summary>
    public Task<bool> PauseAsync(string scheduleId, string actor, string? reason, CancellationToken cancellationToken) =>
        SetPausedAsync(scheduleId, paused: true, actor, reason, cancellationToken);

    /// <summary>
    /// Resumes a paused schedule. Fires due while it was paused follow its catch-up policy on the next tick (none:
    /// dropped; last: the newest within the window; all: each within the window), so resuming never bursts by surprise.
    /// </summary>
    public Task<bool> ResumeAsync(string scheduleId, string actor, string? reason, CancellationToken cancellationToken) =>
        SetPausedAsync(scheduleId, paused: false, actor, reason, cancellationToken);

    private async Task<bool> SetPausedAsync(string scheduleId, bool paused, string actor, string? reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheduleId);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var now = services.Time.GetUtcNow();
        if (!await Store.SetSchedulePausedAsync(scheduleId, paused, now, cancellationToken))
        {
            return false;
        }

        await Store.AppendAuditAsync(
            new AuditRecord(0, now, actor, paused ? "schedule.pause" : "schedule.resume", null, null, reason, new JsonObject { ["schedule"] = scheduleId }, node),
            cancellationToken);
        return true;
    }
}
