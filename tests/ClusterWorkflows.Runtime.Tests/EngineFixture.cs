using ClusterWorkflows.Activities.Core;
using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Secrets;
using ClusterWorkflows.Store;
using ClusterWorkflows.Store.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace ClusterWorkflows.Runtime.Tests;

/// <summary>
/// A real engine on a real SQLite file in a temp folder, with the core activities and test
/// activities, and a fake clock for timers and approvals.
/// </summary>
public sealed class EngineFixture : IAsyncDisposable
{
    private readonly List<IWorkflowStore> stores = [];

    private EngineFixture(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }
    public string DatabasePath => Path.Combine(Directory, "cw.db");
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    public SideEffects Effects { get; } = new();
    public EngineServices Services { get; private set; } = null!;
    public WorkflowEngine Engine { get; private set; } = null!;
    public RunAlterations Alter { get; private set; } = null!;
    public IWorkflowStore Store => Services.Store;

    public static async Task<EngineFixture> CreateAsync(EngineOptions? options = null, IRunObserver? observer = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "cw-runtime-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var fixture = new EngineFixture(dir);
        fixture.Services = await fixture.BuildAsync(options, observer);
        fixture.Engine = new WorkflowEngine(fixture.Services);
        fixture.Alter = new RunAlterations(fixture.Services);
        return fixture;
    }

    /// <summary>Another engine process on the same database (its own store connection and worker id).</summary>
    public async Task<WorkflowEngine> SecondEngineAsync(EngineOptions options) => new(await BuildAsync(options));

    private async Task<EngineServices> BuildAsync(EngineOptions? options, IRunObserver? observer = null)
    {
        var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = DatabasePath });
        await store.MigrateAsync(CancellationToken.None);
        stores.Add(store);
        var protector = SecretProtector.FromKeyFile(Path.Combine(Directory, "secret.key"));
        return new EngineBuilder(store, protector)
        {
            Time = Time,
            Options = options ?? new EngineOptions { DetectLocalDeadOwners = false },
            Observer = observer ?? NullRunObserver.Instance,
        }
            .AddActivities(s => s.AddCoreActivities().AddTestActivities(Effects))
            .Build();
    }

    public async Task<string> WriteAsync(string yaml, string? name = null)
    {
        var path = Path.Combine(Directory, (name ?? "wf-" + Guid.NewGuid().ToString("N")[..8]) + ".yaml");
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }

    /// <summary>Saves the runbook and starts a run of it.</summary>
    public async Task<RunRecord> StartAsync(string yaml, System.Text.Json.Nodes.JsonObject? inputs = null, bool check = false, string? inventory = null)
    {
        var definition = await Services.Definitions.ImportFileAsync(await WriteAsync(yaml), CancellationToken.None);
        return await Engine.StartRunAsync(new StartRunRequest
        {
            DefinitionId = definition.Id,
            Version = definition.Version,
            Inputs = inputs ?? [],
            CheckMode = check,
            Inventory = inventory,
            Actor = "test",
        }, CancellationToken.None);
    }

    public async Task<RunRecord> RunAsync(string yaml, System.Text.Json.Nodes.JsonObject? inputs = null, bool check = false)
    {
        var run = await StartAsync(yaml, inputs, check);
        return await ExecuteAsync(run.Id);
    }

    /// <summary>Claims and executes the run once (no timer following: the fake clock decides).</summary>
    public async Task<RunRecord> ExecuteAsync(Guid runId)
    {
        var result = await Engine.ExecuteOnceAsync(runId, CancellationToken.None);
        return result ?? (await Store.GetRunAsync(runId, CancellationToken.None))!;
    }

    public Task<IReadOnlyList<JournalRecord>> JournalAsync(Guid runId) => Store.GetJournalAsync(runId, CancellationToken.None);

    public async Task<JournalRecord> LatestAsync(Guid runId, string path) =>
        Incidents.Latest(await JournalAsync(runId)).Single(r => r.StepPath == path);

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
