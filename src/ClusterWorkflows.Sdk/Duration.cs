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
            foreach (Match m in Part().Matches(text))
            {
                var n = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                value += m.Groups[2].Value switch
                {
                    "ms" => TimeSpan.FromMilliseconds(n),
                    "s" => TimeSpan.FromSeconds(n),
                    "m" => TimeSpan.FromMinutes(n),
                    "h" => TimeSpan.FromHours(n),
                    _ => TimeSpan.FromDays(n),
                };
            }

            return true;
        }

        return text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value)
            && value >= TimeSpan.Zero;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a duration (examples: 500ms, 30s, 5m, 1h30m, 2d).");

    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
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
