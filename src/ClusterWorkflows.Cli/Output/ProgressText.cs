using System.Globalization;
using ClusterWorkflows.Runtime.Progress;

namespace ClusterWorkflows.Cli.Output;

/// <summary>
/// A step's progress as the CLI shows it: a bar (when the total is known), done/total in the step's unit,
/// the rate since the first report this view saw, and the time left at that rate.
/// </summary>
public static class ProgressText
{
    private const int BarWidth = 20;

    /// <summary>The bar and figures, as Spectre markup (the message is escaped).</summary>
    public static string Markup(StepProgress now, StepProgress? first)
    {
        var bar = now.Total is > 0 and var total
            ? $"[green]{new string('━', Filled(now.Done, total))}[/][grey]{new string('━', BarWidth - Filled(now.Done, total))}[/] "
            : "";
        return bar + Terminal.Esc(Plain(now, first));
    }

    /// <summary>One line of text: "45% 450/1,000 items 12.5 items/s ETA 0:44 message".</summary>
    public static string Plain(StepProgress now, StepProgress? first)
    {
        var parts = new List<string>();
        var unit = now.Unit ?? "";
        if (now.Total is > 0 and var total)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Math.Min(100, now.Done * 100 / total)}%"));
            parts.Add($"{Amount(now.Done, unit)}/{Amount(total, unit)}{UnitSuffix(unit)}");
        }
        else
        {
            parts.Add($"{Amount(now.Done, unit)}{UnitSuffix(unit)}");
        }

        if (Rate(now, first) is { } rate)
        {
            parts.Add($"{Amount((long)Math.Round(rate), unit, rate)}{UnitSuffix(unit)}/s");
            if (now.Total is { } all && all > now.Done && rate > 0)
            {
                parts.Add("ETA " + Eta(TimeSpan.FromSeconds((all - now.Done) / rate)));
            }
        }

        if (now.Message is { Length: > 0 } message)
        {
            parts.Add(message);
        }

        return string.Join(' ', parts);
    }

    /// <summary>Units per second between the first report this view saw of the attempt and the latest.</summary>
    public static double? Rate(StepProgress now, StepProgress? first)
    {
        if (first is null || first.Attempt != now.Attempt || now.Done < first.Done)
        {
            return null;
        }

        var seconds = (now.At - first.At).TotalSeconds;
        return seconds >= 0.5 ? (now.Done - first.Done) / seconds : null;
    }

    private static int Filled(long done, long total) => (int)Math.Clamp(done * BarWidth / total, 0, BarWidth);

    private static bool IsBytes(string unit) => unit is "bytes" or "B";

    /// <summary>Bytes are shown in binary multiples; everything else as a whole number.</summary>
    private static string Amount(long value, string unit, double? exact = null)
    {
        if (!IsBytes(unit))
        {
            return exact is { } d && d < 10 ? d.ToString("0.0", CultureInfo.InvariantCulture) : value.ToString("N0", CultureInfo.InvariantCulture);
        }

        string[] names = ["B", "KiB", "MiB", "GiB", "TiB"];
        double size = exact ?? value;
        var i = 0;
        while (size >= 1024 && i < names.Length - 1)
        {
            size /= 1024;
            i++;
        }

        return i == 0 ? string.Create(CultureInfo.InvariantCulture, $"{size:0} B") : string.Create(CultureInfo.InvariantCulture, $"{size:0.0} {names[i]}");
    }

    private static string UnitSuffix(string unit) => unit.Length == 0 || IsBytes(unit) ? "" : " " + unit;

    private static string Eta(TimeSpan left) => left.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalHours}:{left.Minutes:00}:{left.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{left.Minutes}:{left.Seconds:00}");
}
