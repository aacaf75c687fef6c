using Microsoft.Data.Sqlite;

namespace ClusterWorkflows.Store.Sqlite;

/// <summary>Maps <see cref="ScheduleRecord"/> and <see cref="ScheduleFire"/> to the schedules and schedule_fires tables.</summary>
internal static class ScheduleRows
{
    public const string Columns =
        "id, definition_id, definition_version, cron, time_zone, inputs, overlap, catch_up, catch_up_window, paused, " +
        "next_fire_at, last_fire_at, updated_at";

    public const string FireColumns = "schedule_id, fire_at, outcome, run_id, node, recorded_at";

    public static ScheduleRecord Read(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        DefinitionId = r.GetString(1),
        DefinitionVersion = r.GetInt32(2),
        Cron = r.GetString(3),
        TimeZone = r.GetString(4),
        Inputs = r.JsonOrEmpty(5),
        Overlap = Enum.Parse<OverlapPolicy>(r.GetString(6)),
        CatchUp = Enum.Parse<CatchUpPolicy>(r.GetString(7)),
        CatchUpWindow = TimeSpan.FromMicroseconds(r.GetInt64(8)),
        Paused = r.Bool(9),
        NextFireAt = r.TimeOrNull(10),
        LastFireAt = r.TimeOrNull(11),
        UpdatedAt = r.Time(12),
    };

    public static void Bind(SqliteCommand c, ScheduleRecord s)
    {
        c.Set("$id", s.Id);
        c.Set("$definition_id", s.DefinitionId);
        c.Set("$definition_version", s.DefinitionVersion);
        c.Set("$cron", s.Cron);
        c.Set("$time_zone", s.TimeZone);
        c.Set("$inputs", SqliteValues.Db(s.Inputs ?? []));
        c.Set("$overlap", Db(s.Overlap));
        c.Set("$catch_up", Db(s.CatchUp));
        c.Set("$catch_up_window", s.CatchUpWindow.Ticks / TimeSpan.TicksPerMicrosecond);
        c.Set("$paused", SqliteValues.Db(s.Paused));
        c.Set("$next_fire_at", SqliteValues.Db(s.NextFireAt));
        c.Set("$last_fire_at", SqliteValues.Db(s.LastFireAt));
        c.Set("$updated_at", SqliteValues.ToMicros(s.UpdatedAt));
    }

    public static ScheduleFire ReadFire(SqliteDataReader r) => new(
        r.GetString(0),
        r.Time(1),
        Enum.Parse<FireOutcome>(r.GetString(2)),
        r.IsDBNull(3) ? null : r.Guid(3),
        r.GetString(4),
        r.Time(5));

    // Stored by name, like run statuses: readable in the sqlite3 shell and safe against reordered enum members.
    public static string Db(OverlapPolicy value) => value switch
    {
        OverlapPolicy.Skip => "Skip",
        OverlapPolicy.Queue => "Queue",
        OverlapPolicy.Allow => "Allow",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown overlap policy."),
    };

    public static string Db(CatchUpPolicy value) => value switch
    {
        CatchUpPolicy.None => "None",
        CatchUpPolicy.Last => "Last",
        CatchUpPolicy.All => "All",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown catch-up policy."),
    };

    public static string Db(FireOutcome value) => value switch
    {
        FireOutcome.Started => "Started",
        FireOutcome.Skipped => "Skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown fire outcome."),
    };
}
