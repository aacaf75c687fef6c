using System.Text.Json.Nodes;
using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Tests;

/// <summary>
/// What only a person may decide: a fault stays a fault until someone retries it, an approval is passed only
/// by its approvers, and an alteration names only steps of the run's own tree.
/// </summary>
public sealed class DecisionRuleTests : IAsyncLifetime
{
    private static readonly Actor Ops = new("ops", "checked", "test");
    private EngineFixture f = null!;

    public async Task InitializeAsync() => f = await EngineFixture.CreateAsync();

    public async Task DisposeAsync() => await f.DisposeAsync();

    private const string UnsafeThenAssert = """
        id: unsafe
        version: 1
        steps:
          - id: once
            uses: test.once@1
            with: { name: once }
          - id: check
            uses: core.assert@1
            with: { that: false, message: "wrong value" }
          - id: each
            forEach: [a, b]
            steps:
              - id: inner
                uses: test.effect@1
                with: { name: inner }
        """;

    private const string Gated = """
        id: gated
        version: 1
        steps:
          - id: gate
            approval: { message: "go?", approvers: [alice], role: admin, timeout: 1h }
          - id: after
            uses: test.effect@1
            with: { name: after, value: "${{ steps.gate.outputs.approvedBy.join(',') }}" }
        """;

    [Fact]
    public async Task Execute_FaultRecordedButRunNotSettled_FaultsAgainWithoutRunningTheStep()
    {
        // The crash window of issue 13: the fault is in the journal, the run row still says it runs.
        var run = await f.RunAsync(UnsafeThenAssert);
        Assert.Equal(RunStatus.Faulted, run.Status);
        await f.Store.AlterRunAsync(run.Id, r => r with { Status = RunStatus.Pending }, evenIfLeased: false, CancellationToken.None);

        var again = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Faulted, again.Status);
        Assert.Equal(1, f.Effects.Count("once"));
        Assert.Single(await f.JournalAsync(run.Id), r => r.StepPath == "check");
        Assert.Equal("check", Assert.Single(Incidents.Open(await f.JournalAsync(run.Id))).StepPath);
    }

    [Fact]
    public async Task Retry_NamedStep_RetriesOnlyThatIncident()
    {
        var run = await f.RunAsync("""
            id: two-faults
            version: 1
            steps:
              - id: both
                parallel:
                  - id: left
                    uses: core.assert@1
                    with: { that: false, message: left }
                  - id: right
                    uses: core.assert@1
                    with: { that: false, message: right }
            """);
        Assert.Equal(2, Incidents.Open(await f.JournalAsync(run.Id)).Count);

        await f.Alter.RetryAsync(run.Id, "both/left", new JsonObject { ["that"] = true }, Ops, CancellationToken.None);
        var after = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Faulted, after.Status);
        var open = Incidents.Open(await f.JournalAsync(run.Id));
        Assert.Equal(["both/right"], open.Select(r => r.StepPath));
        Assert.Single(await f.JournalAsync(run.Id), r => r.StepPath == "both/right");
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("check\0")]
    [InlineData("nope")]
    [InlineData("check[0]")]
    [InlineData("each/inner")]
    [InlineData("each[a]/nope")]
    [InlineData("")]
    public async Task Skip_PathNotInTheRunsTree_IsRefusedAndWritesNothing(string path)
    {
        var run = await f.RunAsync(UnsafeThenAssert);
        var before = await f.JournalAsync(run.Id);

        var ex = await Assert.ThrowsAsync<AlterationInputException>(() => f.Alter.SkipAsync(run.Id, path, null, Ops, CancellationToken.None));

        Assert.Equal(path, ex.Step);
        Assert.DoesNotContain('\0', ex.Message);
        Assert.Equal(before.Count, (await f.JournalAsync(run.Id)).Count);
        Assert.Equal(RunStatus.Faulted, (await f.Store.GetRunAsync(run.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task ResumeFrom_HugePath_IsRefusedWithAShortMessage()
    {
        var run = await f.RunAsync(UnsafeThenAssert);
        var path = new string('x', 9000);

        var ex = await Assert.ThrowsAsync<AlterationInputException>(() => f.Alter.ResumeFromAsync(run.Id, path, Ops, CancellationToken.None));

        Assert.True(ex.Message.Length < 400, ex.Message);
        Assert.DoesNotContain(await f.Store.ListAuditAsync(run.Id, 10, CancellationToken.None), a => a.Action == "run.resume-from");
    }

    [Fact]
    public async Task Retry_StepNotInTree_IsRefused()
    {
        var run = await f.RunAsync(UnsafeThenAssert);

        await Assert.ThrowsAsync<AlterationInputException>(() => f.Alter.RetryAsync(run.Id, "each[zzz]/inner/deeper", null, Ops, CancellationToken.None));
    }

    [Fact]
    public async Task Skip_WaitingApprovalWithForgedApprover_IsRefused()
    {
        var run = await f.RunAsync(Gated);
        Assert.Equal(RunStatus.Waiting, run.Status);

        await Assert.ThrowsAsync<AlterationException>(() => f.Alter.SkipAsync(run.Id, "gate", new JsonObject { ["approvedBy"] = new JsonArray("alice") }, Ops, CancellationToken.None));

        Assert.Equal(RunStatus.Waiting, (await f.Store.GetRunAsync(run.Id, CancellationToken.None))!.Status);
        Assert.Equal(StepStatus.Waiting, (await f.LatestAsync(run.Id, "gate")).Status);
    }

    [Fact]
    public async Task Approve_ApproverWithoutTheRole_IsRefused()
    {
        var run = await f.RunAsync(Gated);

        await Assert.ThrowsAsync<AlterationException>(() => f.Alter.DecideAsync(run.Id, null, true, new Actor("alice", Roles: new HashSet<string> { "viewer", "operator" }), CancellationToken.None));
        var approved = await f.Alter.DecideAsync(run.Id, null, true, new Actor("alice", Roles: new HashSet<string> { "viewer", "operator", "admin" }), CancellationToken.None);

        Assert.Equal(RunStatus.Pending, approved.Status);
        Assert.Equal(RunStatus.Completed, (await f.ExecuteAsync(run.Id)).Status);
        Assert.Equal("alice", (await f.LatestAsync(run.Id, "after")).Outputs!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retry_RejectedApproval_AsksAgainInsteadOfPassing()
    {
        var run = await f.RunAsync(Gated);
        await f.Alter.DecideAsync(run.Id, null, false, new Actor("alice", "not yet"), CancellationToken.None);

        await f.Alter.RetryAsync(run.Id, null, null, Ops, CancellationToken.None);
        var again = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Waiting, again.Status);
        Assert.Equal(0, f.Effects.Count("after"));
        await Assert.ThrowsAsync<AlterationInputException>(() => f.Alter.RetryAsync(run.Id, "gate", new JsonObject { ["approvedBy"] = "alice" }, Ops, CancellationToken.None));
    }

    [Fact]
    public async Task Execute_TimedOutApprovalNotSettled_FaultsAgainWithoutAskingAgain()
    {
        var run = await f.RunAsync(Gated);
        f.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(RunStatus.Faulted, (await f.ExecuteAsync(run.Id)).Status);
        await f.Store.AlterRunAsync(run.Id, r => r with { Status = RunStatus.Pending }, evenIfLeased: false, CancellationToken.None);

        var again = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Faulted, again.Status);
        Assert.Single(await f.JournalAsync(run.Id), r => r.StepPath == "gate");
    }

    [Theory]
    [InlineData(2, RunStatus.Completed, 3)]
    [InlineData(3, RunStatus.Faulted, 3)]
    public async Task Execute_EngineStoppedBetweenPolicyAttempts_RunsOnlyTheRemainingAttempts(int faultedBefore, RunStatus expected, int lastAttempt)
    {
        var run = await f.StartAsync("""
            id: policy
            version: 1
            steps:
              - id: flaky
                uses: core.fail@1
                with: { times: 3, code: drill }
                retry: { maxAttempts: 3, delay: 1s }
            """.Replace("times: 3", $"times: {faultedBefore}", StringComparison.Ordinal));
        var lease = await f.Store.TryClaimRunAsync("dead-worker", f.Time.GetUtcNow(), TimeSpan.FromSeconds(15), run.Id, [], CancellationToken.None);
        Assert.NotNull(lease);
        for (var attempt = 1; attempt <= faultedBefore; attempt++)
        {
            await f.Store.CheckpointAsync(lease, new JournalRecord
            {
                RunId = run.Id, StepPath = "flaky", StepId = "flaky", Attempt = attempt, Status = StepStatus.Faulted,
                StartedAt = f.Time.GetUtcNow(), EndedAt = f.Time.GetUtcNow(), Error = new StepError("drill", "drill failure", true),
            }, null, CancellationToken.None);
        }

        f.Time.Advance(TimeSpan.FromSeconds(16));
        var done = await f.ExecuteAsync(run.Id);

        Assert.Equal(expected, done.Status);
        Assert.Equal(lastAttempt, (await f.JournalAsync(run.Id)).Where(r => r.StepPath == "flaky").Max(r => r.Attempt));
    }
}
