using ClusterWorkflows.Activities.Core;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Runtime.Scheduling;
using ClusterWorkflows.Secrets;
using ClusterWorkflows.Store;
using ClusterWorkflows.Store.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace ClusterWorkflows.Runtime.Tests.Scheduling;

/// <summary>One engine node: its own store connection, engine and scheduler, on the fixture's database and clock.</summary>
public sealed record SchedulerNode(string Name, EngineServices Services, WorkflowEngine Engine, Scheduler Scheduler);

/// <summary>
/// Like <see cref="EngineFixture"/>, but the fake clock starts where a test needs it (DST dates lie before
/// EngineFixture's start, and a fake clock cannot go back) and any number of nodes share the database.
/// </summary>
public sealed class SchedulerFixture : IAsyncDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly List<IWorkflowStore> stores = [];

    private SchedulerFixture(string directory, DateTimeOffset start)
    {
        Directory = directory;
        Time = new FakeTimeProvider(start);
    }

    public string Directory { get; }
    public FakeTimeProvider Time { get; }
    public SideEffects Effects { get; } = new();
    public SchedulerNode Main { get; private set; } = null!;
    public IWorkflowStore Store => Main.Services.Store;
    public DateTimeOffset Now => Time.GetUtcNow();

    public static async Task<SchedulerFixture> CreateAsync(DateTimeOffset? start = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "cw-scheduler-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var fixture = new SchedulerFixture(directory, start ?? new DateTimeOffset(2026, 11, 25, 12, 0, 30, TimeSpan.Zero));
        fixture.Main = await fixture.AddNodeAsync("node-a");
        return fixture;
    }

    /// <summary>Another node on the same database; <paramref name="wrap"/> may decorate its store.</summary>
    public async Task<SchedulerNode> AddNodeAsync(string name, Func<IWorkflowStore, IWorkflowStore>? wrap = null)
    {
        var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = Path.Combine(Directory, "cw.db") });
        await store.MigrateAsync(Ct);
        stores.Add(store);
        var services = new EngineBuilder(wrap?.Invoke(store) ?? store, SecretProtector.FromKeyFile(Path.Combine(Directory, "secret.key")))
        {
            Time = Time,
            Options = new EngineOptions { WorkerId = name, DetectLocalDeadOwners = false },
        }
            .AddActivities(s => s.AddCoreActivities().AddTestActivities(Effects))
            .Build();
        var engine = new WorkflowEngine(services);
        return new SchedulerNode(name, services, engine, new Scheduler(services, engine, name));
    }

    /// <summary>Saves the runbook (as the lead's wiring will) and syncs its schedules.</summary>
    public async Task<WorkflowDefinition> SaveAsync(string yaml)
    {
        var path = Path.Combine(Directory, "wf-" + Guid.NewGuid().ToString("N")[..8] + ".yaml");
        await File.WriteAllTextAsync(path, yaml);
        var definition = await Main.Services.Definitions.ImportFileAsync(path, Ct);
        File.Delete(path);
        await Main.Scheduler.SyncAsync(definition, Ct);
        return definition;
    }

    public Task<int> TickAsync() => Main.Scheduler.TickAsync(Ct);

    /// <summary>Moves the clock by <paramref name="step"/> and ticks, until <paramref name="until"/>; returns the runs started.</summary>
    public async Task<int> TickEveryAsync(TimeSpan step, DateTimeOffset until)
    {
        var started = 0;
        while (Now + step <= until)
        {
            Time.Advance(step);
            started += await TickAsync();
        }

        return started;
    }

    public async Task<ScheduleRecord> ScheduleAsync(string id) =>
        await Store.GetScheduleAsync(id, Ct) ?? throw new InvalidOperationException($"schedule {id} is missing");

    /// <summary>Fires of a schedule, oldest first.</summary>
    public async Task<IReadOnlyList<ScheduleFire>> FiresAsync(string id) =>
        [.. (await Store.ListFiresAsync(id, 10_000, Ct)).Reverse()];

    public async Task<IReadOnlyList<DateTimeOffset>> FiredAtAsync(string id) =>
        [.. (await FiresAsync(id)).Where(f => f.Outcome == FireOutcome.Started).Select(f => f.FireAt)];

    /// <summary>Runs a schedule started, oldest first.</summary>
    public async Task<IReadOnlyList<RunRecord>> RunsAsync(string id) =>
        [.. (await Store.ListRunsAsync(new RunQuery { TriggeredBy = ScheduleIds.TriggeredBy(id), Limit = 10_000 }, Ct)).Reverse()];

    public async Task<IReadOnlyList<AuditRecord>> AuditAsync(string action) =>
        [.. (await Store.ListAuditAsync(null, 10_000, Ct)).Where(a => a.Action == action).Reverse()];

    public async ValueTask DisposeAsync()
    {
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
