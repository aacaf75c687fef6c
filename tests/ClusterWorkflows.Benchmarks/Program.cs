using System.Globalization;
using ClusterWorkflows.Benchmarks;
using ClusterWorkflows.Store;
using ClusterWorkflows.Store.Postgres;
using ClusterWorkflows.Store.Sqlite;
using ClusterWorkflows.Testing.Postgres;

// Usage: dotnet run -c Release --project tests/ClusterWorkflows.Benchmarks -- [--out docs/BENCHMARKS.md] [--quick | --bootstrap | --server | --validate]
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();
if (args.Contains("--validate"))
{
    // cw validate on hostile runbooks (needs GNU time: scripts/bench.sh installs it).
    var validate = await ValidateBench.MeasureAsync();
    if (output is not null)
    {
        await ValidateBench.WriteAsync(output, validate);
    }

    return;
}

if (args.Contains("--bootstrap"))
{
    // The bootstrap runbook on fresh labs (needs root and the lab's packages: scripts/lab-setup.sh).
    const int reruns = 3;
    var bootstrap = await BootstrapBench.MeasureAsync(reruns);
    if (output is not null)
    {
        await BootstrapBench.WriteAsync(output, bootstrap, reruns);
    }

    return;
}

var quick = args.Contains("--quick");
if (args.Contains("--server"))
{
    // wrk against POST /api/runs (needs wrk: scripts/bench.sh installs it).
    var duration = TimeSpan.FromSeconds(quick ? 5 : 30);
    var server = await ServerBench.MeasureAsync(duration);
    if (output is not null)
    {
        await ServerBench.WriteAsync(output, server, duration);
    }

    return;
}

var sequentialSteps = quick ? 1_000 : 10_000;
var concurrentRuns = 100;
var concurrentSteps = quick ? 20 : 100;
var results = new List<EngineResult>();
if (args.Contains("--profile-postgres"))
{
    // For profiling only: the PostgreSQL 100-run scenario a few times, nothing written.
    await using var server = await PostgresServer.StartAsync(new PostgresServerOptions { FsyncOff = false });
    for (var i = 0; i < 3; i++)
    {
        var db = await server.CreateDatabaseAsync($"profile_{i}");
        var r = await EngineBench.MeasureAsync("PostgreSQL", async () =>
        {
            var s = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = db });
            await s.MigrateAsync(CancellationToken.None);
            return s;
        }, "profile", 100, 100, 1);
        Console.WriteLine(r.Row());
    }

    return;
}


void Print(EngineResult r)
{
    Console.WriteLine(r.Row());
    results.Add(r);
}

var sqliteDir = Path.Combine(Path.GetTempPath(), "cw-bench-sqlite-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(sqliteDir);
var sqliteCounter = 0;
Func<Task<IWorkflowStore>> Sqlite(SqliteSynchronous sync, Func<string> path) => async () =>
{
    var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = path(), Synchronous = sync });
    await store.MigrateAsync(CancellationToken.None);
    return store;
};

await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions { FsyncOff = false });
Func<Task<IWorkflowStore>> Postgres(Func<string> connection) => async () =>
{
    var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = connection() });
    await store.MigrateAsync(CancellationToken.None);
    return store;
};

foreach (var nodes in new[] { 1, 2 })
{
    foreach (var (scenario, runs, steps) in new[] { ($"1 run x {sequentialSteps:N0} steps", 1, sequentialSteps), ($"{concurrentRuns} concurrent runs x {concurrentSteps} steps", concurrentRuns, concurrentSteps) })
    {
        var file = Path.Combine(sqliteDir, $"bench-{sqliteCounter++}.db");
        Print(await EngineBench.MeasureAsync("SQLite (synchronous=NORMAL)", Sqlite(SqliteSynchronous.Normal, () => file), scenario, runs, steps, nodes));
        var database = await postgres.CreateDatabaseAsync($"bench_{nodes}_{runs}");
        Print(await EngineBench.MeasureAsync("PostgreSQL 15 (fsync on)", Postgres(() => database), scenario, runs, steps, nodes));
    }
}

var fullFile = Path.Combine(sqliteDir, "bench-full.db");
Print(await EngineBench.MeasureAsync("SQLite (synchronous=FULL)", Sqlite(SqliteSynchronous.Full, () => fullFile), $"1 run x {sequentialSteps:N0} steps", 1, sequentialSteps, 1));
Directory.Delete(sqliteDir, recursive: true);

var pgbenchTps = await PgBench.MeasureAsync(postgres, concurrentRuns, TimeSpan.FromSeconds(quick ? 3 : 10));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pgbench single-row UPDATE, {concurrentRuns} clients: {pgbenchTps:N0} tps"));
var (workflowCoreRate, workflowCoreWall) = await WorkflowCoreBench.MeasureAsync(concurrentRuns);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"WorkflowCore 3.22 in-memory, {concurrentRuns} x {WorkflowCoreBench.Steps} steps: {workflowCoreRate:N0} steps/s ({workflowCoreWall.TotalSeconds:0.00} s)"));

var report = new Report(results, pgbenchTps, workflowCoreRate, workflowCoreWall, concurrentRuns, string.Join(' ', args));
Console.WriteLine(report.Targets());
if (output is not null)
{
    await report.WriteAsync(output);
}
