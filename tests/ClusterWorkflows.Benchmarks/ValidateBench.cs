using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ClusterWorkflows.Benchmarks;

/// <summary>
/// `cw validate` on hostile runbooks (issue 13: a 19 MB runbook of 200,000 steps took 12 s and 650 MB and printed
/// 400,001 lines), beside a small valid runbook as the baseline of the same run (the process's fixed cost). Each
/// case runs the real cw under GNU time for its wall time and peak RSS.
/// </summary>
public static class ValidateBench
{
    private const string Begin = "<!-- bench:validate:begin -->";
    private const string End = "<!-- bench:validate:end -->";

    public sealed record Result(string Case, long Bytes, double Seconds, long PeakKiB, int ExitCode, int Lines)
    {
        public string Row() => string.Create(CultureInfo.InvariantCulture,
            $"| {Case} | {Bytes / (1024.0 * 1024):0.0} MiB | {Seconds:0.00} s | {PeakKiB / 1024.0:0} MiB | {ExitCode} | {Lines:N0} |");
    }

    public static async Task<IReadOnlyList<Result>> MeasureAsync()
    {
        var dir = Directory.CreateTempSubdirectory("cw-bench-validate-");
        try
        {
            var cases = new (string Name, string Path)[]
            {
                ("baseline: a valid 10-step runbook", Write(dir, "small.yaml", Steps(10, unknownField: false))),
                ("200,000 steps, each with an unknown field (19 MB)", Write(dir, "huge.yaml", Steps(200_000, unknownField: true))),
                ("just under the 4 MiB cap, every step with an unknown field", Write(dir, "cap.yaml", UnderCap())),
            };
            var results = new List<Result>();
            foreach (var (name, path) in cases)
            {
                var r = await RunAsync(name, path, dir.FullName);
                Console.WriteLine(r.Row());
                results.Add(r);
            }

            return results;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    public static Task WriteAsync(string path, IReadOnlyList<Result> results) =>
        BenchmarkDoc.ReplaceSectionAsync(path, Begin, End, "cw validate on hostile runbooks",
        [
            BenchmarkDoc.MachineLine(),
            "",
            "Command: `scripts/bench.sh --validate`: the real `cw validate FILE` under GNU time (wall time, peak RSS of the process). Before issue 13 the 19 MB case took 12 s and 650 MB and printed 400,001 error lines (the issue's measurement); goal under 10 s and 500 MiB.",
            "",
            "| Case | File | Wall | Peak RSS | Exit | Lines printed |",
            "|---|---|---|---|---|---|",
            .. results.Select(r => r.Row()),
            "",
            "A file over 4 MiB is refused before it is read; under the cap the errors printed stop at 100 plus a count of the rest.",
        ]);

    private static string Steps(int count, bool unknownField)
    {
        var text = new StringBuilder("id: bench-validate\nversion: 1\nsteps:\n");
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - id: s{i}\n    uses: core.log@1\n    with: {{ message: hello }}\n");
            if (unknownField)
            {
                text.Append("    colour: blue\n");
            }
        }

        return text.ToString();
    }

    private static string UnderCap()
    {
        var steps = 4 * 1024 * 1024 / 80;
        var text = Steps(steps, unknownField: true);
        while (Encoding.UTF8.GetByteCount(text) >= 4 * 1024 * 1024)
        {
            steps -= 1000;
            text = Steps(steps, unknownField: true);
        }

        return text;
    }

    private static string Write(DirectoryInfo dir, string name, string content)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<Result> RunAsync(string name, string file, string home)
    {
        var report = Path.Combine(home, "time.txt");
        var info = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-f", "%e %M", "-o", report, "dotnet", Path.Combine(AppContext.BaseDirectory, "cw.dll"), "validate", file])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CW_HOME"] = home;
        info.Environment["CW_PLAIN"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("GNU time did not start (apt-get install time)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = (await stdout + await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        var parts = (await File.ReadAllLinesAsync(report)).Last().Split(' ');
        return new Result(name, new FileInfo(file).Length, double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), process.ExitCode, lines);
    }
}
