using Cronos;

namespace ClusterWorkflows.Runtime.Scheduling;

/// <summary>
/// A cron expression in its time zone. Occurrences are UTC instants; Cronos decides daylight-saving edge cases
/// (a time skipped by spring-forward fires at the end of the gap, a repeated time fires once, interval
/// expressions fire once per real interval).
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression expression;
    private readonly TimeZoneInfo zone;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone)
    {
        this.expression = expression;
        this.zone = zone;
    }

    public TimeZoneInfo Zone => zone;

    /// <summary>5 fields (or a macro like <c>@daily</c>), or 6 with seconds first; an IANA time zone (UTC when empty).</summary>
    public static CronSchedule Parse(string cron, string? timeZone)
    {
        ArgumentNullException.ThrowIfNull(cron);
        var text = cron.Trim();
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        var zone = string.IsNullOrWhiteSpace(timeZone) || timeZone == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        return new CronSchedule(CronExpression.Parse(text, format), zone);
    }

    /// <summary>The first occurrence strictly after <paramref name="instant"/> (or at it, when <paramref name="inclusive"/>); null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset instant, bool inclusive = false) =>
        expression.GetNextOccurrence(instant.ToUniversalTime(), zone, inclusive)?.ToUniversalTime();

    /// <summary>The last occurrence strictly before <paramref name="instant"/>; null when there is none.</summary>
    public DateTimeOffset? Previous(DateTimeOffset instant) =>
        expression.GetPreviousOccurrence(instant.ToUniversalTime(), zone, inclusive: false)?.ToUniversalTime();

    /// <summary>Occurrences in [<paramref name="from"/>, <paramref name="to"/>] (both ends included), oldest first.</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset from, DateTimeOffset to) =>
        from > to
            ? []
            : expression.GetOccurrences(from.ToUniversalTime(), to.ToUniversalTime(), zone, fromInclusive: true, toInclusive: true)
                .Select(o => o.ToUniversalTime());

    /// <summary>The next <paramref name="count"/> occurrences from <paramref name="from"/> (included).</summary>
    public IReadOnlyList<DateTimeOffset> Upcoming(DateTimeOffset from, int count)
    {
        var result = new List<DateTimeOffset>(Math.Max(0, count));
        var next = Next(from, inclusive: true);
        while (next is { } at && result.Count < count)
        {
            result.Add(at);
            next = Next(at);
        }

        return result;
    }
}
