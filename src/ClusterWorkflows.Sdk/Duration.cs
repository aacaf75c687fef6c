using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterWorkflows.Sdk;

/// <summary>
/// Parses operator-friendly durations ("500ms", "30s", "1h30m", "2d") and .NET's "hh:mm:ss".
/// Written by hand because neither TimeSpan nor XmlConvert accepts the compact form runbooks use.
/// </summary>
public static partial class Duration
{
    public const string Pattern = @"^(\d+(ms|s|m|h|d))+$|^\d{1,2}:\d{2}:\d{2}(\.\d+)?$";

    [GeneratedRegex(@"(\d+)(ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    [GeneratedRegex(@"^(\d+(ms|s|m|h|d))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    [GeneratedRegex(@"^(?:(\d{1,8})\.)?(\d{1,2}):([0-5]\d):([0-5]\d)(?:\.(\d{1,7}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Clock();

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (Whole().IsMatch(text))
        {
            return TrySum(text, out value);
        }

        // Read by hand: TimeSpan.TryParse takes "5:00" as five hours, "36:00:00" as 36 days and "30" as 30 days.
        return TryClock(text, out value);
    }

    /// <summary>hh:mm:ss[.fffffff], or TimeSpan's constant form d.hh:mm:ss[.fffffff] that Format falls back to.</summary>
    private static bool TryClock(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var clock = Clock().Match(text);
        if (!clock.Success)
        {
            return false;
        }

        var days = clock.Groups[1].Success ? long.Parse(clock.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var hours = int.Parse(clock.Groups[2].Value, CultureInfo.InvariantCulture);
        if (clock.Groups[1].Success && hours > 23)
        {
            return false;
        }

        var ticks = clock.Groups[5].Success ? long.Parse(clock.Groups[5].Value.PadRight(7, '0'), CultureInfo.InvariantCulture) : 0;
        try
        {
            value = checked(TimeSpan.FromDays(days) + TimeSpan.FromHours(hours)
                + TimeSpan.FromMinutes(int.Parse(clock.Groups[3].Value, CultureInfo.InvariantCulture))
                + TimeSpan.FromSeconds(int.Parse(clock.Groups[4].Value, CultureInfo.InvariantCulture))
                + TimeSpan.FromTicks(ticks));
            return true;
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            value = TimeSpan.Zero;
            return false;
        }
    }

    private static bool TrySum(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        try
        {
            foreach (Match m in Part().Matches(text))
            {
                if (!long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    return false;
                }

                value = checked(value + m.Groups[2].Value switch
                {
                    "ms" => TimeSpan.FromMilliseconds(n),
                    "s" => TimeSpan.FromSeconds(n),
                    "m" => TimeSpan.FromMinutes(n),
                    "h" => TimeSpan.FromHours(n),
                    _ => TimeSpan.FromDays(n),
                });
            }

            return true;
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            // "99999999d" does not fit a TimeSpan: not a duration, rather than a crash.
            value = TimeSpan.Zero;
            return false;
        }
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a duration (examples: 500ms, 30s, 5m, 1h30m, 2d).");

    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        // The compact form has no unit below a millisecond and no sign: keep such values exact
        // in TimeSpan's constant form ("00:00:00.0000001") instead of losing them.
        if (value < TimeSpan.Zero || value.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            return value.ToString("c", CultureInfo.InvariantCulture);
        }

        var parts = new List<string>();
        if (value.Days > 0) parts.Add($"{value.Days}d");
        if (value.Hours > 0) parts.Add($"{value.Hours}h");
        if (value.Minutes > 0) parts.Add($"{value.Minutes}m");
        if (value.Seconds > 0) parts.Add($"{value.Seconds}s");
        if (value.Milliseconds > 0) parts.Add($"{value.Milliseconds}ms");
        return string.Concat(parts);
    }
}
