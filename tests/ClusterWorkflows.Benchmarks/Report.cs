using System.Globalization;

namespace ClusterWorkflows.Benchmarks;

/// <summary>Writes the results, with the machine and the date, into docs/BENCHMARKS.md (replacing the engine section).</summary>
public sealed class Report(IReadOnlyList<EngineResult> results, double pgbenchTps, double workflowCoreRate, TimeSpan workflowCoreWall, int clients, string arguments)
{
    private const string Begin = "<!-- engine-benchmark:begin -->";
    private const string End = "<!-- engine-benchmark:end -->";

    private EngineResult Find(string store, bool concurrent, int nodes) =>
        results.First(r => r.Store.StartsWith(store, StringComparison.Ordinal) && r.Nodes == nodes && r.Scenario.Contains("concurrent", StringComparison.Ordinal) == concurrent);

    public string Targets()
    {
        var pgSequential = Find("PostgreSQL", false, 1);
        var pgConcurrent = Find("PostgreSQL", true, 1);
        var pgBest = results.Where(r => r.Store.StartsWith("PostgreSQL", StringComparison.Ordinal) && r.Scenario.Contains("concurrent", StringComparison.Ordinal)).MaxBy(r => r.StepsPerSecond)!;
        var sqliteSequential = Find("SQLite (synchronous=NORMAL)", false, 1);
        string Line(string what, string measured, string target, bool met) => $"| {what} | {measured} | {target} | {(met ? "met" : "**missed**")} |";
        return string.Join('\n',
        [
            "| Target | Measured | Goal | |",
            "|---|---|---|---|",
            Line("p50 per durable step, SQLite, 1 run", F($"{sqliteSequential.P50:0.000} ms"), "≤ 1 ms", sqliteSequential.P50 <= 1),
            Line("p50 per durable step, PostgreSQL, 1 run", F($"{pgSequential.P50:0.000} ms"), "≤ 2 ms", pgSequential.P50 <= 2),
            Line($"durable steps/s, PostgreSQL, {clients} concurrent runs, 1 node", F($"{pgConcurrent.StepsPerSecond:N0}"), "≥ 2,000", pgConcurrent.StepsPerSecond >= 2000),
            Line($"PostgreSQL steps/s ({pgBest.Nodes} node(s)) ÷ pgbench single-row-update tps ({clients} clients)", F($"{pgBest.StepsPerSecond:N0} ÷ {pgbenchTps:N0} = {pgBest.StepsPerSecond / pgbenchTps:P0}"), "≥ 50 %", pgBest.StepsPerSecond / pgbenchTps >= 0.5),
            Line($"PostgreSQL steps/s ({pgBest.Nodes} node(s)) ÷ WorkflowCore 3.22 in-memory steps/s", F($"{pgBest.StepsPerSecond:N0} ÷ {workflowCoreRate:N0} = {pgBest.StepsPerSecond / workflowCoreRate:0.00}×"), "≥ 1×", pgBest.StepsPerSecond >= workflowCoreRate),
        ]);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public Task WriteAsync(string path) => BenchmarkDoc.ReplaceSectionAsync(path, Begin, End, "Engine: durable steps",
    [
        BenchmarkDoc.MachineLine()[..^1] + ". All numbers come from one run of one command on this machine, side by side.",
        "",
        $"Command: `scripts/bench.sh` (`dotnet run -c Release --project tests/ClusterWorkflows.Benchmarks -- {arguments}`)",
        "",
        "| Scenario | Store | Nodes | Steps | Wall time | Durable steps/s | Per-step p50 | Per-step p99 |",
        "|---|---|---|---|---|---|---|---|",
        .. results.Select(r => r.Row()),
        "",
        F($"- pgbench, single-row `UPDATE` per transaction, {clients} clients, same PostgreSQL: **{pgbenchTps:N0} tps**."),
        F($"- WorkflowCore 3.22, in-memory (nothing durable), {clients} instances x {WorkflowCoreBench.Steps} no-op steps: **{workflowCoreRate:N0} steps/s** ({workflowCoreWall.TotalSeconds:0.00} s)."),
        "",
        Targets(),
        "",
        "Per-step overhead = time between two consecutive step completions of one run: the step's start checkpoint, the activity (a no-op), its completion checkpoint (each one transaction) and the walk. With concurrent runs it includes queueing for the database. Nodes = engine instances with their own store connections, worker ids and leases on one database (in one process here; the multi-node tests use real processes).",
    ]);
}
