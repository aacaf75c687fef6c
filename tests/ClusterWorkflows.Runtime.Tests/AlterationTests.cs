using System.Text.Json.Nodes;
using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Tests;

public sealed class AlterationTests : IAsyncLifetime
{
    private static readonly Actor Operator = new("alice", "fixed the cause", "test");
    private EngineFixture f = null!;

    public async Task InitializeAsync() => f = await EngineFixture.CreateAsync();

    public async Task DisposeAsync() => await f.DisposeAsync();

    private const string FlakyThenEffect = """
        id: flaky
        version: 1
        steps:
          - id: before
            uses: test.effect@1
            with: { name: before }
          - id: flaky
            uses: core.fail@1
            with: { times: 1 }
          - id: after
            uses: test.effect@1
            with: { name: after, value: "${{ steps.flaky.outputs.attempt }}" }
        """;

    [Fact]
    public async Task Retry_FaultedRun_RunsOnlyTheFailedStepAgainAndCompletes()
    {
        var run = await f.RunAsync(FlakyThenEffect);
        Assert.Equal(RunStatus.Faulted, run.Status);

        await f.Alter.RetryAsync(run.Id, null, null, Operator, CancellationToken.None);
        var done = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal(1, f.Effects.Count("before"));
        Assert.Equal(1, f.Effects.Count("after"));
        Assert.Equal("2", (await f.LatestAsync(run.Id, "after")).Outputs!["value"]!.GetValue<string>());
        var audit = await f.Store.ListAuditAsync(run.Id, 10, CancellationToken.None);
        Assert.Contains(audit, a => a.Action == "run.retry" && a.Actor == "alice" && a.Reason == "fixed the cause");
    }

    [Fact]
    public async Task Retry_WithEditedInputs_UsesThemForTheFailedStep()
    {
        var run = await f.RunAsync("""
            id: edited
            version: 1
            steps:
              - id: check
                uses: core.assert@1
                with: { that: false, message: "wrong value" }
            """);
        Assert.Equal(RunStatus.Faulted, run.Status);

        await f.Alter.RetryAsync(run.Id, "check", new JsonObject { ["that"] = true }, Operator, CancellationToken.None);
        var done = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Completed, done.Status);
        var record = await f.LatestAsync(run.Id, "check");
        Assert.Equal(2, record.Attempt);
        Assert.True(record.Inputs!["that"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Skip_FaultedStep_UsesGivenOutputsDownstream()
    {
        var run = await f.RunAsync(FlakyThenEffect);

        await f.Alter.SkipAsync(run.Id, "flaky", new JsonObject { ["attempt"] = 42 }, Operator, CancellationToken.None);
        var done = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal("42", (await f.LatestAsync(run.Id, "after")).Outputs!["value"]!.GetValue<string>());
        Assert.Equal(StepStatus.Skipped, (await f.LatestAsync(run.Id, "flaky")).Status);
    }

    [Fact]
    public async Task ResumeFrom_CompletedRun_ReRunsThatStepAndTheRestOnly()
    {
        var run = await f.RunAsync("""
            id: resumefrom
            version: 1
            steps:
              - id: one
                uses: test.effect@1
                with: { name: one }
              - id: two
                uses: test.effect@1
                with: { name: two }
              - id: three
                uses: test.effect@1
                with: { name: three }
            """);
        Assert.Equal(RunStatus.Completed, run.Status);

        await f.Alter.ResumeFromAsync(run.Id, "two", Operator, CancellationToken.None);
        var done = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal(1, f.Effects.Count("one"));
        Assert.Equal(2, f.Effects.Count("two"));
        Assert.Equal(2, f.Effects.Count("three"));
        var journal = await f.JournalAsync(run.Id);
        Assert.Equal(2, journal.Count(r => r.Superseded));
    }

    [Fact]
    public async Task Cancel_WaitingRun_RunsFinallyAndEndsCancelled()
    {
        var run = await f.RunAsync("""
            id: cancel
            version: 1
            steps:
              - id: guarded
                try:
                  - id: gate
                    approval: { message: proceed? }
                  - id: work
                    uses: test.effect@1
                    with: { name: work }
                finally:
                  - id: cleanup
                    uses: test.effect@1
                    with: { name: cleanup }
            """);
        Assert.Equal(RunStatus.Waiting, run.Status);

        await f.Alter.CancelAsync(run.Id, Operator, CancellationToken.None);
        var done = await f.ExecuteAsync(run.Id);

        Assert.Equal(RunStatus.Cancelled, done.Status);
        Assert.Equal(0, f.Effects.Count("work"));
        Assert.Equal(1, f.Effects.Count("cleanup"));
    }

    [Fact]
    public async Task Cancel_RunningStep_CancelsItThroughTheHeartbeat()
    {
        await using var fast = await EngineFixture.CreateAsync(new EngineOptions { DetectLocalDeadOwners = false, HeartbeatInterval = TimeSpan.FromMilliseconds(50) });
        var run = await fast.StartAsync("""
            id: cancelrunning
            version: 1
            steps:
              - id: block
                uses: test.block@1
                with: { name: blocked }
            """);
        var execution = fast.Engine.ExecuteOnceAsync(run.Id, CancellationToken.None);
        await fast.Effects.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await fast.Alter.CancelAsync(run.Id, Operator, CancellationToken.None);
        var done = await execution.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(RunStatus.Cancelled, done!.Status);
        Assert.Equal(0, fast.Effects.Count("blocked"));
        Assert.Equal(StepStatus.Cancelled, (await fast.LatestAsync(run.Id, "block")).Status);
    }

    [Fact]
    public async Task Retry_CompletedRun_IsRefusedWithAClearMessage()
    {
        var run = await f.RunAsync("""
            id: fine
            version: 1
            steps:
              - id: one
                uses: test.effect@1
                with: { name: one }
            """);

        var ex = await Assert.ThrowsAsync<AlterationException>(() => f.Alter.RetryAsync(run.Id, null, null, Operator, CancellationToken.None));
        Assert.Contains("only a faulted run can be retried", ex.Message, StringComparison.Ordinal);
    }
}
