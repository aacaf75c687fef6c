using System.Globalization;
using System.Runtime.InteropServices;

namespace ClusterWorkflows.Benchmarks;

/// <summary>Writes the results, with the machine and the date, into docs/BENCHMARKS.md (replacing the engine section).</summary>
public static class Report
{
    private const string Begin = "<!-- engine-benchmark:begin -->";
    private const string End = "<!-- engine-benchmark:end -->";

    public static async Task WriteAsync(string path, IReadOnlyList<string> rows, string arguments)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        var section = string.Join('\n',
        [
            Begin,
            $"Measured {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} on {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {memory:0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}.",
            "",
            $"Command: `scripts/bench.sh` (`dotnet run -c Release --project tests/ClusterWorkflows.Benchmarks -- {arguments}`)",
            "",
            "| Scenario | Store | Steps | Wall time | Durable steps/s | Per-step p50 | Per-step p99 | Samples |",
            "|---|---|---|---|---|---|---|---|",
            .. rows,
            "",
            "Per-step overhead = time between two consecutive step completions of one run: the step's start checkpoint, the activity (a no-op), its completion checkpoint (each one SQLite transaction) and the walk. With 100 concurrent runs it includes waiting for the single SQLite writer.",
            End,
        ]);
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Benchmarks\n\n## Engine: durable steps\n\n" + Begin + "\n" + End + "\n";
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var stop = text.IndexOf(End, StringComparison.Ordinal);
        text = start >= 0 && stop > start
            ? text[..start] + section + text[(stop + End.Length)..]
            : text + "\n## Engine: durable steps\n\n" + section + "\n";
        await File.WriteAllTextAsync(path, text);
    }
}
