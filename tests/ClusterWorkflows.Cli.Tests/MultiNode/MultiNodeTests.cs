using System.Text.Json.Nodes;
using ClusterWorkflows.Hosting;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Store;
using ClusterWorkflows.Testing;

namespace ClusterWorkflows.Cli.Tests.MultiNode;

/// <summary>
/// Several real <c>cw worker</c> processes on one PostgreSQL database: sharing work, a worker
/// killed with SIGKILL, and a worker frozen with SIGSTOP past its lease (a partition) that must
/// not overwrite the new owner's checkpoints when it wakes up.
/// </summary>
[Collection("postgres")]
public sealed class MultiNodeTests(PostgresFixture postgres) : IDisposable
{
    private readonly CwHome home = new();

    public void Dispose() => home.Dispose();

    private async Task<EngineServices> EngineAsync(string database)
    {
        home.Environment["CW_DB"] = database;
        return await EngineFactory.CreateAsync(EngineSettings.FromEnvironment(database, home.Root));
    }

    private static async Task<List<Guid>> StartRunsAsync(EngineServices services, string file, int count)
    {
        var definition = await services.Definitions.ImportFileAsync(file, CancellationToken.None);
        var engine = new WorkflowEngine(services);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var run = await engine.StartRunAsync(new StartRunRequest { DefinitionId = definition.Id, Version = definition.Version, Inputs = new JsonObject { ["n"] = i } }, CancellationToken.None);
            ids.Add(run.Id);
        }

        return ids;
    }

    private static Task WaitAllCompletedAsync(IWorkflowStore store, IReadOnlyCollection<Guid> ids, TimeSpan deadline, Func<string> diagnostics)
    {
        var done = 0;
        return Eventually.AssertAsync(
            async () =>
            {
                done = 0;
                foreach (var id in ids)
                {
                    done += (await store.GetRunAsync(id, CancellationToken.None))!.Status == RunStatus.Completed ? 1 : 0;
                }

                return done == ids.Count;
            },
            deadline,
            () => $"{done} of {ids.Count} runs completed before the deadline\n{diagnostics()}");
    }

    [Fact]
    public async Task Workers_ThreeNodesShare200Runs_EachRunExecutedExactlyOnceAndNoneLost()
    {
        var database = await postgres.Server.CreateDatabaseAsync("share200");
        await using var services = new AsyncServices(await EngineAsync(database));
        var effects = home.File("effects.log");
        var file = home.Write("share.yaml", $$$"""
            id: share
            version: 1
            inputs:
              n: { type: integer, required: true }
            steps:
              - id: work
                uses: core.command@1
                with: { shell: true, command: "echo ${{ run.id }} >> {{{effects}}}" }
            """);
        var ids = await StartRunsAsync(services.Value, file, 200);

        var workers = Enumerable.Range(0, 3).Select(_ => new BackgroundCw(home, "worker", "--parallel", "4")).ToList();
        try
        {
            await WaitAllCompletedAsync(services.Value.Store, ids, TimeSpan.FromSeconds(120), () => string.Join("\n---\n", workers.Select(w => w.Output)));
        }
        finally
        {
            foreach (var w in workers)
            {
                await w.StopAsync(TimeSpan.FromSeconds(30));
                await w.DisposeAsync();
            }
        }

        var lines = Waits.Lines(effects);
        Assert.Equal(200, lines.Length);
        Assert.Equal(ids.Select(i => i.ToString()).Order(), lines.Order());
        var owners = new HashSet<string>();
        foreach (var id in ids)
        {
            var journal = await services.Value.Store.GetJournalAsync(id, CancellationToken.None);
            var record = Assert.Single(journal);
            Assert.Equal(StepStatus.Completed, record.Status);
            owners.Add(record.WorkerId!);
        }

        Assert.True(owners.Count >= 2, $"only {owners.Count} worker(s) took part");
    }

    [Fact]
    public async Task Worker_Sigkilled_ItsRunsAreCompletedByAnotherWithinTheLease()
    {
        var database = await postgres.Server.CreateDatabaseAsync("sigkill");
        home.Environment["CW_LEASE_SECONDS"] = "3";
        await using var services = new AsyncServices(await EngineAsync(database));
        var file = SleepRunbook("slow");
        var ids = await StartRunsAsync(services.Value, file, 4);
        await using var victim = new BackgroundCw(home, "worker", "--parallel", "4");
        await Waits.UntilAsync(async () => (await Running(services.Value, ids)).Count == 4, TimeSpan.FromSeconds(30), "the first worker to take all runs");

        victim.Signal("KILL");
        await using var survivor = new BackgroundCw(home, "worker", "--parallel", "4");
        await WaitAllCompletedAsync(services.Value.Store, ids, TimeSpan.FromSeconds(30), () => survivor.Output);
        await survivor.StopAsync(TimeSpan.FromSeconds(30));

        foreach (var id in ids)
        {
            var attempts = (await services.Value.Store.GetJournalAsync(id, CancellationToken.None)).Select(r => r.Status).ToList();
            Assert.Equal([StepStatus.Interrupted, StepStatus.Completed], attempts);
        }
    }

    [Fact]
    public async Task Worker_PausedPastItsLease_CannotOverwriteTheNewOwnersCheckpoints()
    {
        var database = await postgres.Server.CreateDatabaseAsync("partition");
        home.Environment["CW_LEASE_SECONDS"] = "2";
        await using var services = new AsyncServices(await EngineAsync(database));
        var effects = home.File("effects.log");
        var file = home.Write("frozen.yaml", $$"""
            id: frozen
            version: 1
            inputs:
              n: { type: integer, required: true }
            steps:
              - id: work
                uses: core.command@1
                idempotent: true
                with: { shell: true, command: "sleep 3; echo done >> {{effects}}" }
              - id: after
                uses: core.log@1
                with: { message: after }
            """);
        var id = (await StartRunsAsync(services.Value, file, 1))[0];
        await using var frozen = new BackgroundCw(home, "worker");
        await Waits.UntilAsync(async () => (await Running(services.Value, [id])).Count == 1, TimeSpan.FromSeconds(30), "the first worker to start the step");
        frozen.Signal("STOP");

        await using var owner = new BackgroundCw(home, "worker");
        await WaitAllCompletedAsync(services.Value.Store, [id], TimeSpan.FromSeconds(30), () => owner.Output);
        var settled = await services.Value.Store.GetJournalAsync(id, CancellationToken.None);

        frozen.Signal("CONT");
        await Waits.UntilAsync(() => frozen.Output.Contains("lease lost", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the frozen worker to notice it lost the lease");

        var after = await services.Value.Store.GetJournalAsync(id, CancellationToken.None);
        Assert.Equal(settled.Select(r => (r.Sequence, r.Status, r.WorkerId)), after.Select(r => (r.Sequence, r.Status, r.WorkerId)));
        Assert.Equal(RunStatus.Completed, (await services.Value.Store.GetRunAsync(id, CancellationToken.None))!.Status);
        // The new owner ran the step again (it is idempotent); the frozen worker's own attempt was
        // either cut short by its failed heartbeat or finished — both are fine, it wrote nothing.
        Assert.InRange(Waits.Lines(effects).Length, 1, 2);
        Assert.False(frozen.HasExited, "the frozen worker should keep working after losing one run");
        await frozen.StopAsync(TimeSpan.FromSeconds(30));
        await owner.StopAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Worker_Sigterm_HandsItsRunBackAtOnceForAnotherWorker()
    {
        var database = await postgres.Server.CreateDatabaseAsync("sigterm");
        home.Environment["CW_LEASE_SECONDS"] = "60";
        await using var services = new AsyncServices(await EngineAsync(database));
        var file = SleepRunbook("handback");
        var id = (await StartRunsAsync(services.Value, file, 1))[0];
        await using var first = new BackgroundCw(home, "worker");
        await Waits.UntilAsync(async () => (await Running(services.Value, [id])).Count == 1, TimeSpan.FromSeconds(30), "the first worker to start the step");

        Assert.Equal(0, await first.StopAsync(TimeSpan.FromSeconds(20)));
        var handedBack = (await services.Value.Store.GetRunAsync(id, CancellationToken.None))!;
        Assert.Equal(RunStatus.Pending, handedBack.Status);
        Assert.Null(handedBack.LeaseOwner);

        // The lease was 60 s: finishing well within it proves the run did not wait for expiry.
        await using var second = new BackgroundCw(home, "worker");
        await WaitAllCompletedAsync(services.Value.Store, [id], TimeSpan.FromSeconds(30), () => second.Output);
        await second.StopAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>A runbook whose one idempotent step sleeps 2 s: long enough to be caught mid-step.</summary>
    private string SleepRunbook(string id) => home.Write($"{id}.yaml", $$"""
        id: {{id}}
        version: 1
        inputs:
          n: { type: integer, required: true }
        steps:
          - id: work
            uses: core.command@1
            idempotent: true
            with: { shell: true, command: "sleep 2" }
        """);

    private static async Task<List<JournalRecord>> Running(EngineServices services, IEnumerable<Guid> ids)
    {
        var running = new List<JournalRecord>();
        foreach (var id in ids)
        {
            running.AddRange((await services.Store.GetJournalAsync(id, CancellationToken.None)).Where(r => r.Status == StepStatus.Running));
        }

        return running;
    }

    /// <summary>Disposes the engine's store with the test.</summary>
    private sealed class AsyncServices(EngineServices value) : IAsyncDisposable
    {
        public EngineServices Value { get; } = value;

        public ValueTask DisposeAsync() => Value.Store.DisposeAsync();
    }
}
