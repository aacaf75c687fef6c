using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Designer.Tests.Fixtures;

/// <summary>Writes the designer's measurements into docs/BENCHMARKS.md, each between its own markers.</summary>
public static class BenchmarkSection
{
    private const string OpeningMarker = "designer-benchmark";
    private const string MonitorMarker = "monitor-benchmark";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Stamps <paramref name="result"/> with the browser, machine and date, writes it to
    /// TestResults/<paramref name="resultFile"/> and, when CW_DESIGNER_BENCH_OUT names a file
    /// (relative to the repository), writes its section there with <paramref name="writeSection"/>.
    /// </summary>
    public static async Task RecordAsync(JsonObject result, string browserVersion, string resultFile, Action<string, JsonObject> writeSection)
    {
        result["browser"] = browserVersion;
        result["machine"] = Machine();
        result["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(RepositoryPaths.TestResults);
        await File.WriteAllTextAsync(Path.Combine(RepositoryPaths.TestResults, resultFile), result.ToJsonString(Indented));
        if (Environment.GetEnvironmentVariable("CW_DESIGNER_BENCH_OUT") is { Length: > 0 } output)
        {
            writeSection(Path.IsPathRooted(output) ? output : Path.Combine(RepositoryPaths.Root, output), result);
        }
    }

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores{(cpu is null ? "" : ", " + cpu)}, {Environment.OSVersion.VersionString}";
    }

    public static void WriteOpening(string file, JsonObject result) => Replace(file, OpeningMarker, Heading("Designer: opening a 300-step runbook", "OpeningTimingTests", result)
        .AppendLine(CultureInfo.InvariantCulture, $"Runbook: {result["runbook"]}, drawn as {result["nodes"]} graph nodes; {result["opens"]} full page loads.")
        .AppendLine()
        .AppendLine("| measure | median | all runs (ms, sorted) |")
        .AppendLine("|---|---|---|")
        .AppendLine(CultureInfo.InvariantCulture, $"| definition request → laid-out graph on screen | **{result["fetchToRenderedMedianMs"]} ms** | {Join(result["fetchToRenderedMs"])} |")
        .AppendLine(CultureInfo.InvariantCulture, $"| navigation start → laid-out graph on screen | {result["navigationToRenderedMedianMs"]} ms | {Join(result["navigationToRenderedMs"])} |")
        .AppendLine()
        .AppendLine("Start: `performance.now()` just before `GET /api/definitions/{id}` (and `/api/activities`) is sent; end: the first animation frame after React committed the laid-out nodes (`window.__cwOpenTimings`). The second row adds loading the page and its scripts. The first opening is the slowest (a cold JavaScript engine). With ELK's layered layout in place of the designer's own the same opening took ~1.8 s (ELK alone 1.1 s), which is why the layout is its own (docs/designer.md). Re-measure: `CW_DESIGNER_BENCH_OUT=docs/BENCHMARKS.md dotnet test tests/ClusterWorkflows.Designer.Tests -c Release --filter OpeningTimingTests`.")
        .ToString());

    public static void WriteMonitor(string file, JsonObject result)
    {
        var frames = result["frames"]!.AsObject();
        Replace(file, MonitorMarker, Heading("Run monitor: a forEach over 500 items, live", "MonitorSmoothnessTests", result)
            .AppendLine(CultureInfo.InvariantCulture, $"Runbook: {result["runbook"]}. The monitor is open on the run before the loop starts; recorded from the approval until the run shows completed ({frames["elapsedMs"]} ms, {result["journalRecords"]} journal records reach it as events).")
            .AppendLine()
            .AppendLine("| frames | frame interval p50 | p95 | p99 | longest freeze | long tasks (> 50 ms) | their total | longest |")
            .AppendLine("|---|---|---|---|---|---|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| {frames["frames"]} | {frames["intervalMedianMs"]} ms | {frames["intervalP95Ms"]} ms | {frames["intervalP99Ms"]} ms | **{frames["intervalMaxMs"]} ms** | {frames["longTasks"]} | {frames["longTasksTotalMs"]} ms | {frames["longTaskMaxMs"]} ms |")
            .AppendLine()
            .AppendLine("Frame interval = time between two animation frames (16.7 ms at 60 Hz); the main thread blocked by the monitor's work delays the next frame, so the longest interval is the longest time the page could not react. Long tasks come from the browser's `PerformanceObserver` (`longtask`). Client, server and the run's 500 items share the 2 cores. Re-measure: `CW_DESIGNER_BENCH_OUT=docs/BENCHMARKS.md dotnet test tests/ClusterWorkflows.Designer.Tests -c Release --filter MonitorSmoothnessTests`.")
            .ToString());
    }

    /// <summary>A section's title and where, how and on what it was measured.</summary>
    private static StringBuilder Heading(string title, string test, JsonObject result) => new StringBuilder()
        .AppendLine("## " + title)
        .AppendLine()
        .AppendLine(CultureInfo.InvariantCulture, $"Measured by `tests/ClusterWorkflows.Designer.Tests` (`{test}`) in headless Chromium {result["browser"]} against the real cw-server, on {result["machine"]}, {result["date"]}.");

    /// <summary>Puts <paramref name="body"/> between the markers named <paramref name="marker"/>, or appends it with them.</summary>
    private static void Replace(string file, string marker, string body)
    {
        var begin = $"<!-- {marker}:begin -->";
        var end = $"<!-- {marker}:end -->";
        var text = begin + "\n" + body + end;
        var current = File.Exists(file) ? File.ReadAllText(file) : "";
        var from = current.IndexOf(begin, StringComparison.Ordinal);
        var to = current.IndexOf(end, StringComparison.Ordinal);
        var updated = from >= 0 && to > from
            ? current[..from] + text + current[(to + end.Length)..]
            : current.TrimEnd() + "\n\n" + text + "\n";
        File.WriteAllText(file, updated);
    }

    private static string Join(JsonNode? values) => string.Join(", ", values!.AsArray().Select(v => v!.ToString()));
}
