using System.Text.Json.Nodes;
using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Store;
using ClusterWorkflows.Testing;

namespace ClusterWorkflows.Runtime.Tests;

/// <summary>Worker death, lease takeover, fencing and concurrency keys, with a simulated dead worker.</summary>
public sealed class DurabilityTests : IAsyncLifetime
{
    private EngineFixture f = null!;

    public async Task InitializeAsync() => f = await EngineFixture.CreateAsync();

    public async Task DisposeAsync() => await f.DisposeAsync();

    private const string TwoSteps = """
        id: durable
        version: 1
        steps:
          - id: first
            uses: test.effect@1
            with: { name: first }
          - id: second
            uses: STEP@1
            with: { name: second }
          - id: third
            uses: test.effect@1
            with: { name: third }
        """;

    /// <summary>Claims the run as a worker that then dies while <paramref name="path"/> runs.</summary>
    private async Task<Lease> DieDuringAsync(Guid runId, string path)
    {
        var lease = await f.Store.TryClaimRunAsync("dead-worker", f.Time.GetUtcNow(), TimeSpan.FromSeconds(15), runId, [], CancellationToken.None);
        Assert.NotNull(lease);
        await f.Store.CheckpointAsync(lease, new JournalRecord
        {
            RunId = runId, StepPath = "first", StepId = "first", Attempt = 1, Status = StepStatus.Completed,
            StartedAt = f.Time.GetUtcNow(), EndedAt = f.Time.GetUtcNow(), Outputs = new JsonObject { ["count"] = 1 },
        }, null, CancellationToken.None);
        await f.Store.CheckpointAsync(lease, new JournalRecord
        {
            RunId = runId, StepPath = path, StepId = path, Attempt = 1, Status = StepStatus.Running, StartedAt = f.Time.GetUtcNow(),
        }, null, CancellationToken.None);
        return lease;
    }

    [Fact]
    public async Task Resume_AfterWorkerDeathInIdempotentStep_TakesOverAfterLeaseAndReRunsIt()
    {
        var run = await f.StartAsync(TwoSteps.Replace("STEP", "test.effect", StringComparison.Ordinal));
        await DieDuringAsync(run.Id, "second");

        Assert.Null(await f.Engine.ExecuteOnceAsync(run.Id, CancellationToken.None));
        f.Time.Advance(TimeSpan.FromSeconds(16));
        var done = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal(0, f.Effects.Count("first"));
        Assert.Equal(1, f.Effects.Count("second"));
        Assert.Equal(1, f.Effects.Count("third"));
        var second = (await f.JournalAsync(run.Id)).Where(r => r.StepPath == "second").ToList();
        Assert.Equal([StepStatus.Interrupted, StepStatus.Completed], second.Select(r => r.Status));
    }

    [Fact]
    public async Task Resume_AfterWorkerDeathInNonIdempotentStep_WaitsForAHumanDecision()
    {
        var run = await f.StartAsync(TwoSteps.Replace("STEP", "test.once", StringComparison.Ordinal));
        await DieDuringAsync(run.Id, "second");
        f.Time.Advance(TimeSpan.FromSeconds(16));

        var stopped = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Faulted, stopped.Status);
        Assert.Equal(0, f.Effects.Count("second"));
        var incident = Assert.Single(Incidents.Open(await f.JournalAsync(run.Id)));
        Assert.Equal("step.interrupted", incident.Error!.Code);

        await f.Alter.SkipAsync(run.Id, "second", new JsonObject { ["count"] = 1 }, new Actor("ops", "checked by hand: it ran"), CancellationToken.None);
        var done = await f.ExecuteAsync(run.Id);
        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal(0, f.Effects.Count("second"));
        Assert.Equal(1, f.Effects.Count("third"));
    }

    [Fact]
    public async Task Checkpoint_FromStaleLease_IsRefusedAndWritesNothing()
    {
        var run = await f.StartAsync(TwoSteps.Replace("STEP", "test.effect", StringComparison.Ordinal));
        var stale = await DieDuringAsync(run.Id, "second");
        f.Time.Advance(TimeSpan.FromSeconds(16));
        await f.ExecuteAsync(run.Id);
        var before = await f.JournalAsync(run.Id);

        await Assert.ThrowsAsync<LeaseLostException>(() => f.Store.CheckpointAsync(stale, new JournalRecord
        {
            RunId = run.Id, StepPath = "third", StepId = "third", Attempt = 9, Status = StepStatus.Completed, StartedAt = f.Time.GetUtcNow(),
        }, null, CancellationToken.None));

        Assert.Equal(before.Count, (await f.JournalAsync(run.Id)).Count);
    }

    [Fact]
    public async Task ConcurrencyKey_SecondRunWaitsUntilTheFirstEnds()
    {
        const string yaml = """
            id: keyed
            version: 1
            inputs:
              cluster: { type: string, required: true }
            concurrency: "cluster-${{ inputs.cluster }}"
            steps:
              - id: gate
                approval: { message: hold }
              - id: work
                uses: test.effect@1
                with: { name: "work-${{ inputs.cluster }}" }
            """;
        var first = await f.StartAsync(yaml, new JsonObject { ["cluster"] = "prod" });
        var second = await f.StartAsync(yaml, new JsonObject { ["cluster"] = "prod" });
        var other = await f.StartAsync(yaml, new JsonObject { ["cluster"] = "lab" });
        Assert.Equal("cluster-prod", first.ConcurrencyKey);

        Assert.Equal(RunStatus.Waiting, (await f.ExecuteAsync(first.Id)).Status);
        Assert.Null(await f.Engine.ExecuteOnceAsync(second.Id, CancellationToken.None));
        Assert.Equal(RunStatus.Waiting, (await f.ExecuteAsync(other.Id)).Status);

        await f.Alter.CancelAsync(first.Id, new Actor("ops"), CancellationToken.None);
        Assert.Equal(RunStatus.Cancelled, (await f.ExecuteAsync(first.Id)).Status);
        Assert.Equal(RunStatus.Waiting, (await f.ExecuteAsync(second.Id)).Status);
    }

    [Fact]
    public async Task Run_SlowIdempotentStep_ShowsAsRunningInTheJournalAfterTheGracePeriod()
    {
        var run = await f.StartAsync("""
            id: slow
            version: 1
            steps:
              - id: block
                uses: test.block@1
                with: { name: released }
            """);
        var execution = f.Engine.ExecuteOnceAsync(run.Id, CancellationToken.None);
        await f.Effects.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await Eventually.AssertAsync(
            async () => (await f.JournalAsync(run.Id)).Any(r => r is { StepPath: "block", Status: StepStatus.Running }),
            TimeSpan.FromSeconds(20),
            "the running record of a slow step appears");

        f.Effects.Gate.SetResult();
        Assert.Equal(RunStatus.Completed, (await execution)!.Status);
        var record = Assert.Single(await f.JournalAsync(run.Id));
        Assert.Equal(StepStatus.Completed, record.Status);
    }
}
