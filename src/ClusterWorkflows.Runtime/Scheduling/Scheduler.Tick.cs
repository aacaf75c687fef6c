using System.Text.Json.Nodes;
using ClusterWorkflows.Expressions;
using ClusterWorkflows.Runtime.Definitions;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Secrets;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Scheduling;

public sealed partial class Scheduler
{
    /// <summary>
    /// Fires every due, unpaused schedule: plans its instants (catch-up policy), applies its overlap policy, and
    /// records each fire with its run in one store transaction. Only the node whose fire is recorded audits it.
    /// Returns how many runs this node started. A schedule that fails (say, its time zone is unknown on this node)
    /// does not stop the others; the failures are thrown together at the end.
    /// </summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var started = 0;
        List<Exception>? errors = null;
        foreach (var schedule in await Store.ListSchedulesAsync(cancellationToken))
        {
            if (schedule.Paused || schedule.NextFireAt is not { } next || next > now)
            {
                continue;
            }

            try
            {
                started += await FireAsync(schedule, now, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                (errors ??= []).Add(new InvalidOperationException($"schedule {schedule.Id}: {ex.Message}", ex));
            }
        }

        return errors is null ? started : throw new AggregateException($"{errors.Count} schedule(s) could not fire; {started} run(s) started", errors);
    }

    private async Task<int> FireAsync(ScheduleRecord schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var plan = FirePlan.For(schedule, CronSchedule.Parse(schedule.Cron, schedule.TimeZone), now, MissTolerance);
        if (plan.Fires.Count == 0)
        {
            // Nothing on time or within the catch-up window: a skipped fire at the newest missed instant moves the
            // schedule past them, once, whichever node gets there first.
            var newest = plan.Missed!.Value.Last;
            if (await Store.TryFireAsync(schedule.Id, newest, null, plan.Next, node, now, cancellationToken))
            {
                await AuditMissedAsync(schedule, plan, now, cancellationToken);
            }

            return 0;
        }

        var started = 0;
        for (var i = 0; i < plan.Fires.Count; i++)
        {
            var fireAt = plan.Fires[i];
            var next = i + 1 < plan.Fires.Count ? plan.Fires[i + 1] : plan.Next;
            var (run, error) = await BuildRunAsync(schedule, cancellationToken);
            if (!await Store.TryFireAsync(schedule.Id, fireAt, run, next, node, now, cancellationToken))
            {
                continue;
            }

            if (i == 0 && plan.Missed is not null)
            {
                await AuditMissedAsync(schedule, plan, now, cancellationToken);
            }

            if (run is not null)
            {
                await AuditAsync("schedule.fire", now, run.Id, null, Details(schedule, fireAt, run), cancellationToken);
                started++;
            }
            else if (error is not null)
            {
                await AuditAsync("schedule.skip", now, null, error, Details(schedule, fireAt, null), cancellationToken);
            }
        }

        return started;
    }

    /// <summary>The run a fire starts; null when the overlap policy skips it or it cannot be prepared (then with the reason).</summary>
    private async Task<(RunRecord? Run, string? Error)> BuildRunAsync(ScheduleRecord schedule, CancellationToken cancellationToken)
    {
        var triggeredBy = ScheduleIds.TriggeredBy(schedule.Id);
        if (schedule.Overlap == OverlapPolicy.Skip && await HasActiveRunAsync(triggeredBy, cancellationToken))
        {
            return (null, null);
        }

        RunRecord run;
        try
        {
            run = await engine.PrepareRunAsync(
                new StartRunRequest
                {
                    DefinitionId = schedule.DefinitionId,
                    Version = schedule.DefinitionVersion,
                    Inputs = schedule.Inputs.DeepClone().AsObject(),
                    Actor = Actor,
                    TriggeredBy = triggeredBy,
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is RunInputsInvalidException or KeyNotFoundException or DefinitionInvalidException
            or ExpressionException or SecretException or FormatException or ArgumentException)
        {
            // Bad inputs or a missing definition fail every fire alike: record it skipped, say why, go on.
            // Store and I/O errors are not caught: the fire is left for the next tick.
            return (null, ex.Message);
        }

        // Queued runs wait for each other through a concurrency key; the workflow's own key already serialises them.
        return schedule.Overlap == OverlapPolicy.Queue && run.ConcurrencyKey is null
            ? (run with { ConcurrencyKey = triggeredBy }, null)
            : (run, null);
    }

    private async Task<bool> HasActiveRunAsync(string triggeredBy, CancellationToken cancellationToken) =>
        (await Store.ListRunsAsync(new RunQuery { TriggeredBy = triggeredBy, ActiveOnly = true, Limit = 1 }, cancellationToken)).Count > 0;

    private JsonObject Details(ScheduleRecord schedule, DateTimeOffset fireAt, RunRecord? run)
    {
        var details = new JsonObject
        {
            ["schedule"] = schedule.Id,
            ["fireAt"] = fireAt,
            ["node"] = node,
            ["workflow"] = $"{schedule.DefinitionId}@{schedule.DefinitionVersion}",
        };
        if (run is not null)
        {
            details["inputs"] = run.Inputs.DeepClone();
            details["triggeredBy"] = run.TriggeredBy;
        }

        return details;
    }

    private Task AuditMissedAsync(ScheduleRecord schedule, FirePlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (first, last) = plan.Missed!.Value;
        var details = new JsonObject
        {
            ["schedule"] = schedule.Id,
            ["catchUp"] = schedule.CatchUp.ToString().ToLowerInvariant(),
            ["firstMissed"] = first,
            ["lastMissed"] = last,
            ["node"] = node,
        };
        var reason = $"fires from {first:u} to {last:u} were missed (catch-up {details["catchUp"]})";
        return AuditAsync("schedule.missed", now, null, reason, details, cancellationToken);
    }

    private Task AuditAsync(string action, DateTimeOffset now, Guid? runId, string? reason, JsonObject details, CancellationToken cancellationToken) =>
        Store.AppendAuditAsync(new AuditRecord(0, now, Actor, action, runId, null, reason, details, node), cancellationToken);
}
