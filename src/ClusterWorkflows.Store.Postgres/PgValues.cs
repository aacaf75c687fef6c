using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace ClusterWorkflows.Store.Postgres;

/// <summary>
/// Conversions between records and PostgreSQL values. Every parameter carries its type, so SQL like
/// <c>@x IS NULL</c> plans without guessing. Timestamps are floored to the microsecond before they are sent,
/// exactly as the SQLite store stores them, so both stores return the same instants.
/// </summary>
internal static class PgValues
{
    /// <summary>The value as the store keeps it: UTC, microsecond precision (floored).</summary>
    public static DateTime Utc(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
    }

    public static void Text(this NpgsqlParameterCollection p, string name, string? value) =>
        p.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = value is null ? DBNull.Value : WithoutNul(value) });

    public static void TextArray(this NpgsqlParameterCollection p, string name, string[] value) =>
        p.Add(new NpgsqlParameter<string[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = value });

    public static void Json(this NpgsqlParameterCollection p, string name, JsonObject? value) =>
        p.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = value is null ? DBNull.Value : JsonText(value) });

    /// <summary>
    /// PostgreSQL text cannot hold U+0000 (command output sometimes does): it becomes U+FFFD instead of failing
    /// the whole write. The SQLite store keeps it; nothing else differs.
    /// </summary>
    public static string WithoutNul(string value) => value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;

    /// <summary>The object as jsonb accepts it: an escaped U+0000 (\u0000 in the JSON text) becomes \uFFFD, as in text columns.</summary>
    public static string JsonText(JsonObject value)
    {
        var text = value.ToJsonString();
        var at = text.IndexOf(@"\u0000", StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        var result = new System.Text.StringBuilder(text.Length);
        var copied = 0;
        for (; at >= 0; at = text.IndexOf(@"\u0000", at + 1, StringComparison.Ordinal))
        {
            // Only an escape whose backslash is not itself escaped ("\\u0000" is a backslash and the text u0000).
            var backslashes = 0;
            for (var i = at; i >= 0 && text[i] == '\\'; i--)
            {
                backslashes++;
            }

            if (backslashes % 2 == 1)
            {
                result.Append(text, copied, at - copied).Append(@"\uFFFD");
                copied = at + 6;
            }
        }

        return result.Append(text, copied, text.Length - copied).ToString();
    }

    public static void Time(this NpgsqlParameterCollection p, string name, DateTimeOffset value) =>
        p.Add(new NpgsqlParameter<DateTime>(name, NpgsqlDbType.TimestampTz) { TypedValue = Utc(value) });

    public static void Time(this NpgsqlParameterCollection p, string name, DateTimeOffset? value) =>
        p.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? Utc(v) : DBNull.Value });

    public static void Uuid(this NpgsqlParameterCollection p, string name, Guid value) =>
        p.Add(new NpgsqlParameter<Guid>(name, NpgsqlDbType.Uuid) { TypedValue = value });

    public static void Uuid(this NpgsqlParameterCollection p, string name, Guid? value) =>
        p.Add(new NpgsqlParameter(name, NpgsqlDbType.Uuid) { Value = value is { } v ? v : DBNull.Value });

    public static void Int(this NpgsqlParameterCollection p, string name, int value) =>
        p.Add(new NpgsqlParameter<int>(name, NpgsqlDbType.Integer) { TypedValue = value });

    public static void Long(this NpgsqlParameterCollection p, string name, long value) =>
        p.Add(new NpgsqlParameter<long>(name, NpgsqlDbType.Bigint) { TypedValue = value });

    public static void Bool(this NpgsqlParameterCollection p, string name, bool value) =>
        p.Add(new NpgsqlParameter<bool>(name, NpgsqlDbType.Boolean) { TypedValue = value });

    public static void Bool(this NpgsqlParameterCollection p, string name, bool? value) =>
        p.Add(new NpgsqlParameter(name, NpgsqlDbType.Boolean) { Value = value is { } v ? v : DBNull.Value });

    public static void Bytes(this NpgsqlParameterCollection p, string name, byte[] value) =>
        p.Add(new NpgsqlParameter<byte[]>(name, NpgsqlDbType.Bytea) { TypedValue = value });

    public static string? String(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset Time(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? TimeOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static Guid? GuidOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

    public static JsonObject? Json(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ParseObject(reader.GetString(ordinal));

    public static JsonObject JsonOrEmpty(this NpgsqlDataReader reader, int ordinal) => reader.Json(ordinal) ?? [];

    private static JsonObject ParseObject(string text) =>
        JsonNode.Parse(text) as JsonObject
        ?? throw new InvalidDataException($"A stored JSON column holds '{Preview(text)}', not an object.");

    private static string Preview(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
