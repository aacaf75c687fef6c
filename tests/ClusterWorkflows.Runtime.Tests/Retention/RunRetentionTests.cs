using ClusterWorkflows.Runtime.Retention;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Tests.Retention;

/// <summary>Retention deletes finished runs older than the cutoff, with their history, and nothing else.</summary>
public sealed class RunRetentionTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private EngineFixture f = null!;

    public async Task InitializeAsync() => f = await EngineFixture.CreateAsync();

    public async Task DisposeAsync() => await f.DisposeAsync();

    private const string Quick = """
        id: quick
        version: 1
        steps:
          - id: note
            uses: core.log@1
            with: { message: hello }
        """;

    private const string Fails = """
        id: fails
        version: 1
        steps:
          - id: boom
            uses: core.fail@1
            with: { times: -1, retryable: false }
        """;

    private const string Waits = """
        id: waits
        version: 1
        steps:
          - id: gate
            approval: { message: "go?" }
        """;

    [Fact]
    public async Task PruneAsync_DeletesOnlyTerminalRunsOlderThanTheRetention()
    {
        var old = new List<RunRecord>();
        for (var i = 0; i < 3; i++)
        {
            old.Add(await f.RunAsync(Quick));
        }

        var cancelled = await f.StartAsync(Quick);
        await f.Store.AlterRunAsync(cancelled.Id, r => r with { Status = RunStatus.Cancelled, EndedAt = f.Time.GetUtcNow(), UpdatedAt = f.Time.GetUtcNow() }, false, Ct);
        var faulted = await f.RunAsync(Fails);
        var waiting = await f.RunAsync(Waits);
        var pending = await f.StartAsync(Quick);
        f.Time.Advance(TimeSpan.FromDays(31));
        var recent = await f.RunAsync(Quick);
        Assert.All(old, r => Assert.Equal(RunStatus.Completed, r.Status));
        Assert.Equal((RunStatus.Faulted, RunStatus.Waiting), (faulted.Status, waiting.Status));
        Assert.NotEmpty(await f.JournalAsync(old[0].Id));

        var deleted = await new RunRetention(f.Services).PruneAsync(RunRetention.DefaultKeep, batchSize: 2, Ct);

        Assert.Equal(4, deleted);
        foreach (var gone in old.Append(cancelled))
        {
            Assert.Null(await f.Store.GetRunAsync(gone.Id, Ct));
            Assert.Empty(await f.JournalAsync(gone.Id));
            Assert.Empty(await f.Store.GetLogsAsync(gone.Id, null, 0, 10, Ct));
        }

        foreach (var kept in new[] { faulted, waiting, pending, recent })
        {
            Assert.NotNull(await f.Store.GetRunAsync(kept.Id, Ct));
        }

        var audit = Assert.Single(await f.Store.ListAuditAsync(null, 1000, Ct), a => a.Action == "runs.prune");
        Assert.Equal((RunRetention.Actor, 4), (audit.Actor, audit.Details!["count"]!.GetValue<int>()));
    }

    [Fact]
    public async Task PruneAsync_NothingOldEnough_ReturnsZeroWithoutAudit()
    {
        await f.RunAsync(Quick);
        f.Time.Advance(TimeSpan.FromDays(29));

        Assert.Equal(0, await new RunRetention(f.Services).PruneAsync(RunRetention.DefaultKeep, RunRetention.DefaultBatchSize, "alice", Ct));

        Assert.Single(await f.Store.ListRunsAsync(new RunQuery(), Ct));
        Assert.DoesNotContain(await f.Store.ListAuditAsync(null, 1000, Ct), a => a.Action == "runs.prune");
    }

    [Fact]
    public async Task PruneAsync_NonPositiveArguments_Throw()
    {
        var retention = new RunRetention(f.Services);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => retention.PruneAsync(TimeSpan.Zero, 10, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => retention.PruneAsync(TimeSpan.FromDays(1), 0, Ct));
    }
}
