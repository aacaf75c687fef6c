using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

public sealed partial class PostgresWorkflowStore
{
    private const string ScheduleColumns =
        "id, definition_id, definition_version, cron, time_zone, inputs, overlap, catch_up, catch_up_window, paused, " +
        "next_fire_at, last_fire_at, updated_at";

    // An existing schedule keeps paused and last_fire_at; its next fire moves only when the timing changed
    // (or was never computed), so that re-importing a runbook does not skip or repeat a fire.
    private const string UpsertSchedule =
        "INSERT INTO schedules AS s (" + ScheduleColumns + ") VALUES (@id, @definition_id, @definition_version, @cron, " +
        "@time_zone, @inputs, @overlap, @catch_up, @catch_up_window, @paused, @next_fire_at, @last_fire_at, @updated_at) " +
        """
        ON CONFLICT (id) DO UPDATE SET
            definition_id = excluded.definition_id, definition_version = excluded.definition_version,
            cron = excluded.cron, time_zone = excluded.time_zone, inputs = excluded.inputs,
            overlap = excluded.overlap, catch_up = excluded.catch_up, catch_up_window = excluded.catch_up_window,
            next_fire_at = CASE
                WHEN s.cron <> excluded.cron OR s.time_zone <> excluded.time_zone OR s.next_fire_at IS NULL
                THEN excluded.next_fire_at ELSE s.next_fire_at END,
            updated_at = excluded.updated_at
        """;

    // The fire row's primary key decides which node fires an instant: the loser waits for the winner's commit and
    // inserts nothing. The key-share lock on the schedule keeps a concurrent removal of the schedule out until
    // this fire is committed; a schedule already removed fires nothing.
    private const string InsertFire = """
        WITH schedule AS (SELECT id FROM schedules WHERE id = @schedule_id FOR KEY SHARE)
        INSERT INTO schedule_fires (schedule_id, fire_at, outcome, run_id, node, recorded_at)
        SELECT id, @fire_at, @outcome, @run_id, @node, @recorded_at FROM schedule
        ON CONFLICT (schedule_id, fire_at) DO NOTHING
        """;

    // The fire history goes with the schedule, as in the SQLite store.
    private const string RemoveSchedules = """
        WITH removed AS (
            DELETE FROM schedules WHERE definition_id = @definition_id AND NOT (id = ANY(@keep)) RETURNING id
        ),
        fires AS (
            DELETE FROM schedule_fires f USING removed r WHERE f.schedule_id = r.id
        )
        SELECT count(*)::int FROM removed
        """;

    // Both instants only move forward: a slow node finishing an older fire must not pull the schedule back.
    private const string AdvanceSchedule = """
        UPDATE schedules SET
            next_fire_at = CASE WHEN @next_fire_at::timestamptz IS NOT NULL AND (next_fire_at IS NULL OR @next_fire_at > next_fire_at)
                THEN @next_fire_at ELSE next_fire_at END,
            last_fire_at = CASE WHEN last_fire_at IS NULL OR @fire_at > last_fire_at THEN @fire_at ELSE last_fire_at END,
            updated_at = @now
        WHERE id = @schedule_id
        """;

    public async Task UpsertScheduleAsync(ScheduleRecord schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentException.ThrowIfNullOrWhiteSpace(schedule.Id, nameof(schedule));
        await ExecuteAsync(
            UpsertSchedule,
            p =>
            {
                p.Text("id", schedule.Id);
                p.Text("definition_id", schedule.DefinitionId);
                p.Int("definition_version", schedule.DefinitionVersion);
                p.Text("cron", schedule.Cron);
                p.Text("time_zone", schedule.TimeZone);
                p.Json("inputs", schedule.Inputs ?? []);
                p.Text("overlap", schedule.Overlap.ToString());
                p.Text("catch_up", schedule.CatchUp.ToString());
                p.Add(new NpgsqlParameter<TimeSpan>("catch_up_window", NpgsqlTypes.NpgsqlDbType.Interval) { TypedValue = schedule.CatchUpWindow });
                p.Bool("paused", schedule.Paused);
                p.Time("next_fire_at", schedule.NextFireAt);
                p.Time("last_fire_at", schedule.LastFireAt);
                p.Time("updated_at", schedule.UpdatedAt);
            },
            cancellationToken);
    }

    public async Task<int> RemoveSchedulesAsync(string definitionId, IReadOnlyCollection<string> keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definitionId);
        ArgumentNullException.ThrowIfNull(keep);
        return await QuerySingleValueAsync(
            RemoveSchedules,
            p =>
            {
                p.Text("definition_id", definitionId);
                p.TextArray("keep", keep.ToArray());
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<ScheduleRecord>> ListSchedulesAsync(CancellationToken cancellationToken) =>
        await QueryAsync("SELECT " + ScheduleColumns + " FROM schedules ORDER BY id", _ => { }, ReadSchedule, cancellationToken);

    public Task<ScheduleRecord?> GetScheduleAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return QuerySingleAsync("SELECT " + ScheduleColumns + " FROM schedules WHERE id = @id", p => p.Text("id", id), ReadSchedule, cancellationToken);
    }

    public async Task<bool> SetSchedulePausedAsync(string id, bool paused, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await ExecuteAsync(
            "UPDATE schedules SET paused = @paused, updated_at = @now WHERE id = @id",
            p =>
            {
                p.Text("id", id);
                p.Bool("paused", paused);
                p.Time("now", now);
            },
            cancellationToken) == 1;
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
        return TransactAsync(
            async (connection, transaction) =>
            {
                await using (var fire = new NpgsqlCommand(InsertFire, connection, transaction))
                {
                    fire.Parameters.Text("schedule_id", scheduleId);
                    fire.Parameters.Time("fire_at", fireAt);
                    fire.Parameters.Text("outcome", (run is null ? FireOutcome.Skipped : FireOutcome.Started).ToString());
                    fire.Parameters.Uuid("run_id", run?.Id);
                    fire.Parameters.Text("node", node);
                    fire.Parameters.Time("recorded_at", now);
                    if (await fire.ExecuteNonQueryAsync(cancellationToken) == 0)
                    {
                        return false;
                    }
                }

                if (run is not null)
                {
                    await InsertRunAsync(connection, transaction, RunRows.Insert, run, cancellationToken);
                }

                await using var advance = new NpgsqlCommand(AdvanceSchedule, connection, transaction);
                advance.Parameters.Text("schedule_id", scheduleId);
                advance.Parameters.Time("fire_at", fireAt);
                advance.Parameters.Time("next_fire_at", nextFireAt);
                advance.Parameters.Time("now", now);
                await advance.ExecuteNonQueryAsync(cancellationToken);
                return true;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<ScheduleFire>> ListFiresAsync(string scheduleId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduleId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await QueryAsync(
            "SELECT schedule_id, fire_at, outcome, run_id, node, recorded_at FROM schedule_fires " +
            "WHERE schedule_id = @schedule_id ORDER BY fire_at DESC LIMIT @limit",
            p =>
            {
                p.Text("schedule_id", scheduleId);
                p.Int("limit", limit);
            },
            r => new ScheduleFire(r.GetString(0), r.Time(1), Enum.Parse<FireOutcome>(r.GetString(2)), r.GuidOrNull(3), r.GetString(4), r.Time(5)),
            cancellationToken);
    }

    private static ScheduleRecord ReadSchedule(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        DefinitionId = r.GetString(1),
        DefinitionVersion = r.GetInt32(2),
        Cron = r.GetString(3),
        TimeZone = r.GetString(4),
        Inputs = r.JsonOrEmpty(5),
        Overlap = Enum.Parse<OverlapPolicy>(r.GetString(6)),
        CatchUp = Enum.Parse<CatchUpPolicy>(r.GetString(7)),
        CatchUpWindow = r.GetFieldValue<TimeSpan>(8),
        Paused = r.GetBoolean(9),
        NextFireAt = r.TimeOrNull(10),
        LastFireAt = r.TimeOrNull(11),
        UpdatedAt = r.Time(12),
    };
}
