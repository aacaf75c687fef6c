using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Designer.Tests.Fixtures;

/// <summary>Writes the designer's measured opening time into docs/BENCHMARKS.md between its markers.</summary>
public static class BenchmarkSection
{
    public const string Begin = "<!-- designer-benchmark:begin -->";
    public const string End = "<!-- designer-benchmark:end -->";

    public static void Write(string file, JsonObject result)
    {
        var text = new StringBuilder()
            .AppendLine(Begin)
            .AppendLine("## Designer: opening a 300-step runbook")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Measured by `tests/ClusterWorkflows.Designer.Tests` (`OpeningTimingTests`) in headless Chromium {result["browser"]} against the real cw-server, on {result["machine"]}, {result["date"]}.")
            .AppendLine(CultureInfo.InvariantCulture, $"Runbook: {result["runbook"]}, drawn as {result["nodes"]} graph nodes; {result["opens"]} full page loads.")
            .AppendLine()
            .AppendLine("| measure | median | all runs (ms, sorted) |")
            .AppendLine("|---|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| definition request → laid-out graph on screen | **{result["fetchToRenderedMedianMs"]} ms** | {Join(result["fetchToRenderedMs"])} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| navigation start → laid-out graph on screen | {result["navigationToRenderedMedianMs"]} ms | {Join(result["navigationToRenderedMs"])} |")
            .AppendLine()
            .AppendLine("Start: `performance.now()` just before `GET /api/definitions/{id}` (and `/api/activities`) is sent; end: the first animation frame after React committed the laid-out nodes (`window.__cwOpenTimings`). The second row adds loading the page and its scripts. The first opening is the slowest (a cold JavaScript engine). With ELK's layered layout in place of the designer's own the same opening took ~1.8 s (ELK alone 1.1 s), which is why the layout is its own (docs/designer.md). Re-measure: `CW_DESIGNER_BENCH_OUT=docs/BENCHMARKS.md dotnet test tests/ClusterWorkflows.Designer.Tests -c Release --filter OpeningTimingTests`.")
            .Append(End)
            .ToString();
        var current = File.Exists(file) ? File.ReadAllText(file) : "";
        var begin = current.IndexOf(Begin, StringComparison.Ordinal);
        var end = current.IndexOf(End, StringComparison.Ordinal);
        var updated = begin >= 0 && end > begin
            ? current[..begin] + text + current[(end + End.Length)..]
            : current.TrimEnd() + "\n\n" + text + "\n";
        File.WriteAllText(file, updated);
    }

    private static string Join(JsonNode? values) => string.Join(", ", values!.AsArray().Select(v => v!.ToString()));
}
