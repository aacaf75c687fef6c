using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Tests;

public sealed class BookmarkTests : IAsyncLifetime
{
    private EngineFixture f = null!;

    public async Task InitializeAsync() => f = await EngineFixture.CreateAsync();

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task Delay_WaitsDurablyUntilDueThenContinues()
    {
        var run = await f.RunAsync("""
            id: delay
            version: 1
            steps:
              - id: nap
                delay: 10m
              - id: after
                uses: test.effect@1
                with: { name: after }
            """);
        Assert.Equal(RunStatus.Waiting, run.Status);
        Assert.Equal(f.Time.GetUtcNow() + TimeSpan.FromMinutes(10), run.WakeAt);

        Assert.Null(await f.Engine.ExecuteOnceAsync(run.Id, CancellationToken.None));
        f.Time.Advance(TimeSpan.FromMinutes(10));
        var done = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal(1, f.Effects.Count("after"));
    }

    [Fact]
    public async Task WaitUntil_Instant_ResumesWhenDue()
    {
        var run = await f.RunAsync("""
            id: until
            version: 1
            steps:
              - id: later
                waitUntil: "2026-11-25T13:00:00Z"
            """);
        Assert.Equal(RunStatus.Waiting, run.Status);

        f.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(RunStatus.Completed, (await f.ExecuteAsync(run.Id)).Status);
    }

    private const string TwoApprovers = """
        id: approvals
        version: 1
        steps:
          - id: gate
            approval: { message: "fail over?", approvers: [alice, bob, carol], minApprovals: 2, timeout: 1h }
          - id: after
            uses: test.effect@1
            with: { name: after, value: "${{ steps.gate.outputs.approvedBy.join(',') }}" }
        """;

    [Fact]
    public async Task Approval_TwoOfThree_CompletesOnlyAfterTheSecondApproval()
    {
        var run = await f.RunAsync(TwoApprovers);
        Assert.Equal(RunStatus.Waiting, run.Status);

        var afterOne = await f.Alter.DecideAsync(run.Id, null, true, new Actor("alice", "ok"), CancellationToken.None);
        Assert.Equal(RunStatus.Waiting, afterOne.Status);
        await Assert.ThrowsAsync<AlterationException>(() => f.Alter.DecideAsync(run.Id, null, true, new Actor("alice"), CancellationToken.None));
        await Assert.ThrowsAsync<AlterationException>(() => f.Alter.DecideAsync(run.Id, null, true, new Actor("mallory"), CancellationToken.None));

        var afterTwo = await f.Alter.DecideAsync(run.Id, "gate", true, new Actor("bob"), CancellationToken.None);
        Assert.Equal(RunStatus.Pending, afterTwo.Status);
        var done = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal("alice,bob", (await f.LatestAsync(run.Id, "after")).Outputs!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approval_Rejected_FaultsTheRunWithTheReason()
    {
        var run = await f.RunAsync(TwoApprovers);

        var rejected = await f.Alter.DecideAsync(run.Id, null, false, new Actor("carol", "not now"), CancellationToken.None);

        Assert.Equal(RunStatus.Faulted, rejected.Status);
        Assert.Contains("rejected by carol: not now", rejected.Error, StringComparison.Ordinal);
        Assert.Equal(0, f.Effects.Count("after"));
    }

    [Fact]
    public async Task Approval_Timeout_FaultsWhenDue()
    {
        var run = await f.RunAsync(TwoApprovers);
        Assert.Equal(f.Time.GetUtcNow() + TimeSpan.FromHours(1), run.WakeAt);

        f.Time.Advance(TimeSpan.FromHours(1));
        var done = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Faulted, done.Status);
        Assert.Equal("approval.timeout", (await f.LatestAsync(run.Id, "gate")).Error!.Code);
    }
}
