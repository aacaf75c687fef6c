using System.Diagnostics;
using System.Globalization;
using System.Text;
using ClusterWorkflows.Benchmarks;
using ClusterWorkflows.Runtime;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Secrets;
using ClusterWorkflows.Store;
using ClusterWorkflows.Store.Sqlite;

// Usage: dotnet run -c Release --project tests/ClusterWorkflows.Benchmarks -- [--out docs/BENCHMARKS.md] [--quick]
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();
var quick = args.Contains("--quick");
var scenarios = new List<(string Name, int Runs, int Steps)>
{
    ("1 run x 10,000 steps", 1, quick ? 1_000 : 10_000),
    ("100 concurrent runs x 100 steps", 100, quick ? 20 : 100),
};
var results = new List<string>();
foreach (var sync in new[] { SqliteSynchronous.Normal, SqliteSynchronous.Full })
{
    foreach (var (name, runs, steps) in scenarios)
    {
        var line = await MeasureAsync(name, runs, steps, sync);
        Console.WriteLine(line);
        results.Add(line);
    }
}

if (output is not null)
{
    await Report.WriteAsync(output, results, string.Join(' ', args));
}

static async Task<string> MeasureAsync(string name, int runs, int steps, SqliteSynchronous sync)
{
    var dir = Path.Combine(Path.GetTempPath(), "cw-bench-" + Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(dir);
    try
    {
        var clock = new StepClock();
        await using var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = Path.Combine(dir, "cw.db"), Synchronous = sync });
        await store.MigrateAsync(CancellationToken.None);
        var services = new EngineBuilder(store, SecretProtector.FromKeyFile(Path.Combine(dir, "secret.key")))
        {
            Observer = clock,
            Options = new EngineOptions { DetectLocalDeadOwners = false },
        }
            .AddActivities(s => s.AddActivity<DoNothing>())
            .Build();
        var file = Path.Combine(dir, "bench.yaml");
        await File.WriteAllTextAsync(file, Runbook(steps));
        var definition = await services.Definitions.ImportFileAsync(file, CancellationToken.None);
        var engine = new WorkflowEngine(services);
        var ids = new List<Guid>();
        for (var i = 0; i < runs; i++)
        {
            ids.Add((await engine.StartRunAsync(new StartRunRequest { DefinitionId = definition.Id, Version = definition.Version }, CancellationToken.None)).Id);
        }

        var watch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var workers = engine.WorkAsync(Math.Min(runs, 32), TimeSpan.FromMilliseconds(20), stop.Token);
        foreach (var id in ids)
        {
            while ((await store.GetRunAsync(id, CancellationToken.None))!.Status != RunStatus.Completed)
            {
                await Task.Delay(20);
            }
        }

        watch.Stop();
        await stop.CancelAsync();
        await workers;
        var (p50, p99, count) = clock.Percentiles();
        var total = runs * steps;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | SQLite synchronous={sync} | {total:N0} | {watch.Elapsed.TotalSeconds:0.00} s | {total / watch.Elapsed.TotalSeconds:N0} | {p50:0.000} ms | {p99:0.000} ms | {count:N0} |");
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }
}

static string Runbook(int steps)
{
    var sb = new StringBuilder("id: bench\nversion: 1\nsteps:\n");
    for (var i = 0; i < steps; i++)
    {
        sb.Append(CultureInfo.InvariantCulture, $"  - id: s{i}\n    uses: bench.noop@1\n");
    }

    return sb.ToString();
}
