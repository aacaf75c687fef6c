using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace ClusterWorkflows.Store.Sqlite;

/// <summary>
/// Conversions between records and column values. Timestamps are INTEGER unix microseconds (UTC): they sort,
/// compare in SQL, and round-trip to the microsecond like PostgreSQL's timestamptz.
/// </summary>
internal static class SqliteValues
{
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    public static long ToMicros(DateTimeOffset value)
    {
        var ticks = value.UtcTicks - UnixEpochTicks;
        var micros = ticks / TimeSpan.TicksPerMicrosecond;
        return ticks % TimeSpan.TicksPerMicrosecond < 0 ? micros - 1 : micros;
    }

    public static DateTimeOffset FromMicros(long micros) =>
        new(UnixEpochTicks + (micros * TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    /// <summary>The value as the store keeps it (microsecond precision, UTC).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) => FromMicros(ToMicros(value));

    public static object Db(DateTimeOffset? value) => value is { } v ? ToMicros(v) : DBNull.Value;

    // Guids are bound as text: Microsoft.Data.Sqlite would bind a Guid as a 16-byte BLOB, unreadable in the sqlite3 shell.
    public static string Db(Guid id) => id.ToString("D");

    public static object Db(Guid? id) => id is { } v ? Db(v) : DBNull.Value;

    public static object Db(string? value) => value is null ? DBNull.Value : value;

    public static object Db(JsonObject? value) => value is null ? DBNull.Value : value.ToJsonString();

    public static long Db(bool value) => value ? 1L : 0L;

    public static void Set(this SqliteCommand command, string name, object value) =>
        command.Parameters.AddWithValue(name, value);

    public static string? String(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset Time(this SqliteDataReader reader, int ordinal) => FromMicros(reader.GetInt64(ordinal));

    public static DateTimeOffset? TimeOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromMicros(reader.GetInt64(ordinal));

    public static bool Bool(this SqliteDataReader reader, int ordinal) => reader.GetInt64(ordinal) != 0;

    public static Guid Guid(this SqliteDataReader reader, int ordinal) => System.Guid.Parse(reader.GetString(ordinal));

    public static JsonObject? Json(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ParseObject(reader.GetString(ordinal));

    public static JsonObject JsonOrEmpty(this SqliteDataReader reader, int ordinal) => reader.Json(ordinal) ?? [];

    private static JsonObject ParseObject(string text) =>
        JsonNode.Parse(text) as JsonObject
        ?? throw new InvalidDataException($"A stored JSON column holds '{Preview(text)}', not an object.");

    private static string Preview(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
