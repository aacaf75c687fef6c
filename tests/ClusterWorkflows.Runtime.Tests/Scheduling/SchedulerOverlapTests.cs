using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Tests.Scheduling;

/// <summary>What a fire does while the previous run of its schedule is still active.</summary>
public sealed class SchedulerOverlapTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private SchedulerFixture f = null!;

    public async Task InitializeAsync() => f = await SchedulerFixture.CreateAsync(new DateTimeOffset(2026, 11, 25, 12, 0, 30, TimeSpan.Zero));

    public async Task DisposeAsync() => await f.DisposeAsync();

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 11, 25, hour, minute, second, TimeSpan.Zero);

    /// <summary>Every minute; each run waits 5 minutes durably, so it stays active across several fires.</summary>
    private static string Slow(string overlap, string concurrency = "") => $$"""
        id: slow
        version: 1
        {{concurrency}}
        triggers:
          - cron: "* * * * *"
            overlap: {{overlap}}
        steps:
          - id: settle
            delay: 5m
          - id: note
            uses: test.effect@1
            with: { name: slow }
        """;

    private async Task<RunRecord> TickAtAsync(int minute)
    {
        f.Time.SetUtcNow(At(12, minute, 10));
        await f.TickAsync();
        return (await f.RunsAsync("slow/cron"))[^1];
    }

    private async Task<RunRecord?> ExecuteAsync(Guid runId) => await f.Main.Engine.ExecuteOnceAsync(runId, Ct);

    [Fact]
    public async Task Skip_PreviousRunActive_RecordsSkippedFireUntilItEnds()
    {
        await f.SaveAsync(Slow("skip"));
        var first = await TickAtAsync(1);
        Assert.Equal(RunStatus.Waiting, (await ExecuteAsync(first.Id))?.Status);

        await TickAtAsync(2);
        await TickAtAsync(3);
        f.Time.SetUtcNow(At(12, 6, 20));
        Assert.Equal(RunStatus.Completed, (await ExecuteAsync(first.Id))?.Status);
        var second = await TickAtAsync(7);

        var fires = await f.FiresAsync("slow/cron");
        Assert.Equal(
            [(At(12, 1), FireOutcome.Started), (At(12, 2), FireOutcome.Skipped), (At(12, 3), FireOutcome.Skipped), (At(12, 7), FireOutcome.Started)],
            fires.Select(fire => (fire.FireAt, fire.Outcome)));
        Assert.Equal([first.Id, second.Id], (await f.RunsAsync("slow/cron")).Select(r => r.Id));
        Assert.Equal([first.Id, second.Id], fires.Where(fire => fire.RunId is not null).Select(fire => fire.RunId!.Value));
    }

    [Fact]
    public async Task Skip_PreviousRunPendingOrFaulted_StillCountsAsActive()
    {
        await f.SaveAsync(Slow("skip").Replace("delay: 5m", "uses: core.fail@1\n    with: { times: -1, retryable: false }", StringComparison.Ordinal));
        var first = await TickAtAsync(1);
        await TickAtAsync(2);
        Assert.Equal(RunStatus.Faulted, (await ExecuteAsync(first.Id))?.Status);
        await TickAtAsync(3);

        Assert.Equal([FireOutcome.Started, FireOutcome.Skipped, FireOutcome.Skipped], (await f.FiresAsync("slow/cron")).Select(fire => fire.Outcome));
        Assert.Single(await f.RunsAsync("slow/cron"));
    }

    [Fact]
    public async Task Queue_PreviousRunActive_StartsARunThatWaitsForIt()
    {
        await f.SaveAsync(Slow("queue"));
        var first = await TickAtAsync(1);
        Assert.Equal(RunStatus.Waiting, (await ExecuteAsync(first.Id))?.Status);
        var second = await TickAtAsync(2);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(("schedule:slow/cron", "schedule:slow/cron"), (first.ConcurrencyKey, second.ConcurrencyKey));
        Assert.Null(await ExecuteAsync(second.Id));

        f.Time.SetUtcNow(At(12, 6, 20));
        Assert.Equal(RunStatus.Completed, (await ExecuteAsync(first.Id))?.Status);
        Assert.Equal(RunStatus.Waiting, (await ExecuteAsync(second.Id))?.Status);
    }

    [Fact]
    public async Task Queue_WorkflowWithItsOwnConcurrencyKey_KeepsIt()
    {
        await f.SaveAsync(Slow("queue", "concurrency: swarm-prod"));

        var run = await TickAtAsync(1);

        Assert.Equal("swarm-prod", run.ConcurrencyKey);
    }

    [Fact]
    public async Task Allow_PreviousRunActive_StartsARunSideBySide()
    {
        await f.SaveAsync(Slow("allow"));
        var first = await TickAtAsync(1);
        Assert.Equal(RunStatus.Waiting, (await ExecuteAsync(first.Id))?.Status);
        var second = await TickAtAsync(2);

        Assert.Null(second.ConcurrencyKey);
        Assert.Equal(RunStatus.Waiting, (await ExecuteAsync(second.Id))?.Status);
        Assert.Equal([FireOutcome.Started, FireOutcome.Started], (await f.FiresAsync("slow/cron")).Select(fire => fire.Outcome));
    }
}
