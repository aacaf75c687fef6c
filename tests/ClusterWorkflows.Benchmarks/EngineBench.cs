using System.Diagnostics;
using System.Globalization;
using System.Text;
using ClusterWorkflows.Runtime;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Secrets;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Benchmarks;

public sealed record EngineResult(string Scenario, string Store, int Nodes, int Steps, TimeSpan Wall, double StepsPerSecond, double P50, double P99, int Samples)
{
    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Scenario} | {Store} | {Nodes} | {Steps:N0} | {Wall.TotalSeconds:0.00} s | {StepsPerSecond:N0} | {P50:0.000} ms | {P99:0.000} ms |");
}

/// <summary>
/// Runs <c>runs</c> runs of a <c>steps</c>-step no-op runbook on <c>nodes</c> engine instances
/// sharing one database (each with its own store connection, worker id and lease loop).
/// </summary>
public static class EngineBench
{
    public static async Task<EngineResult> MeasureAsync(string storeName, Func<Task<IWorkflowStore>> openStore, string scenario, int runs, int steps, int nodes)
    {
        var dir = Path.Combine(Path.GetTempPath(), "cw-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var clock = new StepClock();
        var stores = new List<IWorkflowStore>();
        try
        {
            var protector = SecretProtector.FromKeyFile(Path.Combine(dir, "secret.key"));
            var engines = new List<WorkflowEngine>();
            for (var n = 0; n < nodes; n++)
            {
                var store = await openStore();
                stores.Add(store);
                var services = new EngineBuilder(store, protector)
                {
                    Observer = clock,
                    Options = new EngineOptions { DetectLocalDeadOwners = false, WorkerId = $"bench-node-{n}" },
                }
                    .AddActivities(s => s.AddActivity<DoNothing>())
                    .Build();
                engines.Add(new WorkflowEngine(services));
            }

            var file = Path.Combine(dir, "bench.yaml");
            await File.WriteAllTextAsync(file, Runbook(steps));
            var definition = await engines[0].Services.Definitions.ImportFileAsync(file, CancellationToken.None);
            var ids = new List<Guid>();
            for (var i = 0; i < runs; i++)
            {
                ids.Add((await engines[0].StartRunAsync(new StartRunRequest { DefinitionId = definition.Id, Version = definition.Version }, CancellationToken.None)).Id);
            }

            var watch = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource();
            var perNode = Math.Max(1, Math.Min(runs, 100) / nodes);
            var workers = engines.Select(e => e.WorkAsync(perNode, TimeSpan.FromMilliseconds(20), stop.Token)).ToList();
            foreach (var id in ids)
            {
                while ((await stores[0].GetRunAsync(id, CancellationToken.None))!.Status != RunStatus.Completed)
                {
                    await Task.Delay(10);
                }
            }

            watch.Stop();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            var (p50, p99, count) = clock.Percentiles();
            var total = runs * steps;
            return new EngineResult(scenario, storeName, nodes, total, watch.Elapsed, total / watch.Elapsed.TotalSeconds, p50, p99, count);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Runbook(int steps)
    {
        var sb = new StringBuilder("id: bench\nversion: 1\nsteps:\n");
        for (var i = 0; i < steps; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  - id: s{i}\n    uses: bench.noop@1\n");
        }

        return sb.ToString();
    }
}
