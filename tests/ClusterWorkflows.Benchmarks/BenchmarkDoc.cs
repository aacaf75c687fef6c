using System.Globalization;
using System.Runtime.InteropServices;

namespace ClusterWorkflows.Benchmarks;

/// <summary>docs/BENCHMARKS.md: the machine line and the marked sections each benchmark mode rewrites.</summary>
public static class BenchmarkDoc
{
    /// <summary>"Measured DATE on N cores (CPU), M GiB, OS, .NET V."</summary>
    public static string MachineLine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return string.Create(CultureInfo.InvariantCulture,
            $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {memory:0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}.");
    }

    /// <summary>Replaces the text between <paramref name="begin"/> and <paramref name="end"/> (markers included), or appends it under <paramref name="heading"/>.</summary>
    public static async Task ReplaceSectionAsync(string path, string begin, string end, string heading, IEnumerable<string> lines)
    {
        var section = string.Join('\n', [begin, .. lines, end]);
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Benchmarks\n";
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = text.IndexOf(end, StringComparison.Ordinal);
        text = start >= 0 && stop > start
            ? text[..start] + section + text[(stop + end.Length)..]
            : text.TrimEnd() + $"\n\n## {heading}\n\n" + section + "\n";
        await File.WriteAllTextAsync(path, text);
    }
}
