using System.Text.Json;

namespace ClusterWorkflows.Store.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    // An existing schedule keeps its pause state and last fire; its next fire is recomputed only when the
    // timing changed (or was never set), so re-saving a definition never re-fires or skips an instant.
    private const string UpsertSchedule =
        "INSERT INTO schedules (" + ScheduleRows.Columns + ") VALUES ($id, $definition_id, $definition_version, $cron, " +
        "$time_zone, $inputs, $overlap, $catch_up, $catch_up_window, $paused, $next_fire_at, $last_fire_at, $updated_at) " +
        """
        ON CONFLICT (id) DO UPDATE SET
            definition_id = excluded.definition_id,
            definition_version = excluded.definition_version,
            inputs = excluded.inputs,
            overlap = excluded.overlap,
            catch_up = excluded.catch_up,
            catch_up_window = excluded.catch_up_window,
            next_fire_at = CASE
                WHEN schedules.next_fire_at IS NULL OR schedules.cron <> excluded.cron OR schedules.time_zone <> excluded.time_zone
                THEN excluded.next_fire_at ELSE schedules.next_fire_at END,
            cron = excluded.cron,
            time_zone = excluded.time_zone,
            updated_at = excluded.updated_at;
        """;

    private const string RemovedSchedules =
        "SELECT id FROM schedules WHERE definition_id = $definition_id AND id NOT IN (SELECT value FROM json_each($keep));";

    private const string DeleteScheduleFires = "DELETE FROM schedule_fires WHERE schedule_id = $id;";

    private const string DeleteSchedule = "DELETE FROM schedules WHERE id = $id;";

    private const string ListSchedules = "SELECT " + ScheduleRows.Columns + " FROM schedules ORDER BY id;";

    private const string SelectSchedule = "SELECT " + ScheduleRows.Columns + " FROM schedules WHERE id = $id;";

    private const string SetPaused = "UPDATE schedules SET paused = $paused, updated_at = $now WHERE id = $id;";

    private const string ScheduleExists = "SELECT 1 FROM schedules WHERE id = $id;";

    private const string InsertFire =
        "INSERT INTO schedule_fires (" + ScheduleRows.FireColumns + ") VALUES ($schedule_id, $fire_at, $outcome, $run_id, $node, $recorded_at) " +
        "ON CONFLICT (schedule_id, fire_at) DO NOTHING;";

    // Both instants only move forward: a slow node finishing an older fire must not pull the schedule back.
    private const string AdvanceSchedule = """
        UPDATE schedules SET
            next_fire_at = CASE WHEN $next_fire_at IS NOT NULL AND (next_fire_at IS NULL OR $next_fire_at > next_fire_at)
                THEN $next_fire_at ELSE next_fire_at END,
            last_fire_at = CASE WHEN last_fire_at IS NULL OR $fire_at > last_fire_at THEN $fire_at ELSE last_fire_at END,
            updated_at = $now
        WHERE id = $id;
        """;

    private const string ListFires =
        "SELECT " + ScheduleRows.FireColumns + " FROM schedule_fires WHERE schedule_id = $schedule_id ORDER BY fire_at DESC LIMIT $limit;";

    public Task UpsertScheduleAsync(ScheduleRecord schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentException.ThrowIfNullOrWhiteSpace(schedule.Id, nameof(schedule));
        return writer.TransactAsync(
            w =>
            {
                var upsert = w.Command(UpsertSchedule);
                ScheduleRows.Bind(upsert, schedule);
                upsert.ExecuteNonQuery();
            },
            cancellationToken);
    }

    public Task<int> RemoveSchedulesAsync(string definitionId, IReadOnlyCollection<string> keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definitionId);
        ArgumentNullException.ThrowIfNull(keep);
        var keepJson = JsonSerializer.Serialize(keep, StoreJsonContext.Default.IReadOnlyCollectionString);
        return writer.TransactAsync(
            w =>
            {
                var find = w.Command(RemovedSchedules);
                find.Set("$definition_id", definitionId);
                find.Set("$keep", keepJson);
                var ids = new List<string>();
                using (var reader = find.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        ids.Add(reader.GetString(0));
                    }
                }

                // The fire history goes with the schedule: a trigger declared again later starts from "now" anyway.
                foreach (var id in ids)
                {
                    var fires = w.Command(DeleteScheduleFires);
                    fires.Set("$id", id);
                    fires.ExecuteNonQuery();
                    var delete = w.Command(DeleteSchedule);
                    delete.Set("$id", id);
                    delete.ExecuteNonQuery();
                }

                return ids.Count;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<ScheduleRecord>> ListSchedulesAsync(CancellationToken cancellationToken) =>
        await QueryAsync(ListSchedules, _ => { }, ScheduleRows.Read, cancellationToken);

    public Task<ScheduleRecord?> GetScheduleAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return QuerySingleAsync(SelectSchedule, c => c.Set("$id", id), ScheduleRows.Read, cancellationToken);
    }

    public Task<bool> SetSchedulePausedAsync(string id, bool paused, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return writer.TransactAsync(
            w =>
            {
                var update = w.Command(SetPaused);
                update.Set("$id", id);
                update.Set("$paused", SqliteValues.Db(paused));
                update.Set("$now", SqliteValues.ToMicros(now));
                return update.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    public Task<bool> TryFireAsync(
        string scheduleId,
        DateTimeOffset fireAt,
        RunRecord? run,
        DateTimeOffset? nextFireAt,
        string node,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduleId);
        ArgumentException.ThrowIfNullOrEmpty(node);
        return writer.TransactAsync(
            w =>
            {
                // A schedule removed by a newer definition version while this node was computing its fire starts nothing.
                var exists = w.Command(ScheduleExists);
                exists.Set("$id", scheduleId);
                if (exists.ExecuteScalar() is null)
                {
                    return false;
                }

                var fire = w.Command(InsertFire);
                fire.Set("$schedule_id", scheduleId);
                fire.Set("$fire_at", SqliteValues.ToMicros(fireAt));
                fire.Set("$outcome", ScheduleRows.Db(run is null ? FireOutcome.Skipped : FireOutcome.Started));
                fire.Set("$run_id", SqliteValues.Db(run?.Id));
                fire.Set("$node", node);
                fire.Set("$recorded_at", SqliteValues.ToMicros(now));
                if (fire.ExecuteNonQuery() == 0)
                {
                    return false;
                }

                if (run is not null)
                {
                    InsertRun(w, run);
                }

                var advance = w.Command(AdvanceSchedule);
                advance.Set("$id", scheduleId);
                advance.Set("$next_fire_at", SqliteValues.Db(nextFireAt));
                advance.Set("$fire_at", SqliteValues.ToMicros(fireAt));
                advance.Set("$now", SqliteValues.ToMicros(now));
                advance.ExecuteNonQuery();
                return true;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<ScheduleFire>> ListFiresAsync(string scheduleId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduleId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await QueryAsync(
            ListFires,
            c =>
            {
                c.Set("$schedule_id", scheduleId);
                c.Set("$limit", limit);
            },
            ScheduleRows.ReadFire,
            cancellationToken);
    }
}
