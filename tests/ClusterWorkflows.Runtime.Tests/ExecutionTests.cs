using System.Text.Json.Nodes;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Tests;

public sealed class ExecutionTests : IAsyncLifetime
{
    private EngineFixture f = null!;

    public async Task InitializeAsync() => f = await EngineFixture.CreateAsync();

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task Run_SequenceWithExpressions_CompletesAndPassesOutputs()
    {
        var run = await f.RunAsync("""
            id: seq
            version: 1
            inputs:
              who: { type: string, default: world }
            outputs:
              greeting: "${{ steps.second.outputs.value }}"
            steps:
              - id: first
                uses: test.effect@1
                with: { name: a, value: "hello ${{ inputs.who }}" }
              - id: second
                uses: test.effect
                with: { name: b, value: "${{ steps.first.outputs.value }}!" }
            """);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("hello world!", run.Outputs!["greeting"]!.GetValue<string>());
        Assert.Equal(1, f.Effects.Count("a"));
        Assert.Equal(1, f.Effects.Count("b"));
        var journal = await f.JournalAsync(run.Id);
        Assert.All(journal, r => Assert.Equal(StepStatus.Completed, r.Status));
        Assert.Equal(["first", "second"], journal.Select(r => r.StepPath));
    }

    [Fact]
    public async Task Run_RetryPolicy_RetriesUntilSuccessAndJournalsEachAttempt()
    {
        var run = await f.StartAsync("""
            id: retry
            version: 1
            steps:
              - id: flaky
                uses: core.fail@1
                with: { times: 2, code: net.down }
                retry: { maxAttempts: 3, delay: 1s, backoff: constant, on: [net.down] }
            """);
        var execution = f.Engine.ExecuteOnceAsync(run.Id, CancellationToken.None);

        // The retry delays run on the fake clock: keep moving it until the run is done.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!execution.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "the retried run did not finish");
            f.Time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.WhenAny(execution, Task.Delay(5));
        }

        var done = await execution;
        Assert.Equal(RunStatus.Completed, done!.Status);
        var journal = await f.JournalAsync(run.Id);
        Assert.Equal([(1, StepStatus.Faulted), (2, StepStatus.Faulted), (3, StepStatus.Completed)], journal.Select(r => (r.Attempt, r.Status)));
        Assert.True(journal[1].StartedAt - journal[0].EndedAt!.Value >= TimeSpan.FromSeconds(1), "the constant 1 s backoff was not respected");
        Assert.True(journal[2].StartedAt - journal[1].EndedAt!.Value >= TimeSpan.FromSeconds(1), "the constant 1 s backoff was not respected");
    }

    [Fact]
    public async Task Run_NonRetryableFailure_StopsWithoutRetryAndFaultsRun()
    {
        var run = await f.RunAsync("""
            id: nonretry
            version: 1
            steps:
              - id: broken
                uses: core.fail@1
                with: { times: 5, retryable: false }
                retry: { maxAttempts: 5, delay: 1s }
              - id: never
                uses: test.effect@1
                with: { name: never }
            """);

        Assert.Equal(RunStatus.Faulted, run.Status);
        Assert.Single(await f.JournalAsync(run.Id));
        Assert.Equal(0, f.Effects.Count("never"));
    }

    [Fact]
    public async Task Run_TryCatchFinally_CatchesFaultAndRunsFinally()
    {
        var run = await f.RunAsync("""
            id: trycatch
            version: 1
            steps:
              - id: guarded
                try:
                  - id: boom
                    uses: core.fail@1
                    with: { times: 1, code: boom }
                catch:
                  - id: handler
                    uses: test.effect@1
                    with: { name: caught, value: "${{ error.code }}" }
                finally:
                  - id: cleanup
                    uses: test.effect@1
                    with: { name: cleanup }
              - id: after
                uses: test.effect@1
                with: { name: after }
            """);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1, f.Effects.Count("caught"));
        Assert.Equal(1, f.Effects.Count("cleanup"));
        Assert.Equal(1, f.Effects.Count("after"));
        var boom = await f.LatestAsync(run.Id, "guarded/boom");
        Assert.True(boom.Handled);
        Assert.Equal("boom", (await f.LatestAsync(run.Id, "guarded/handler")).Outputs!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_ContinueOnErrorAndWhen_ContinuesAndSkips()
    {
        var run = await f.RunAsync("""
            id: continue
            version: 1
            inputs:
              enabled: { type: boolean, default: false }
            steps:
              - id: optional
                uses: core.fail@1
                continueOnError: true
              - id: conditional
                when: inputs.enabled
                uses: test.effect@1
                with: { name: conditional }
              - id: last
                uses: test.effect@1
                with: { name: last, value: "${{ steps.optional.status }}" }
            """);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(0, f.Effects.Count("conditional"));
        Assert.Equal(StepStatus.Skipped, (await f.LatestAsync(run.Id, "conditional")).Status);
        Assert.Equal("faulted", (await f.LatestAsync(run.Id, "last")).Outputs!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_ParallelIfSwitchAndCall_TakeTheRightBranches()
    {
        await f.WriteAsync("""
            id: child
            version: 2
            inputs:
              label: { type: string, required: true }
            outputs:
              echoed: "${{ steps.inner.outputs.value }}"
            steps:
              - id: inner
                uses: test.effect@1
                with: { name: child, value: "child-${{ inputs.label }}" }
            """, "child");
        var run = await f.RunAsync("""
            id: branches
            version: 1
            inputs:
              env: { type: string, default: prod }
            steps:
              - id: both
                parallel:
                  - id: left
                    uses: test.effect@1
                    with: { name: left }
                  - id: right
                    uses: test.effect@1
                    with: { name: right }
              - id: pick
                if: "inputs.env == 'prod'"
                then:
                  - id: prodStep
                    uses: test.effect@1
                    with: { name: prod }
                else:
                  - id: devStep
                    uses: test.effect@1
                    with: { name: dev }
              - id: choose
                switch: "${{ inputs.env }}"
                cases:
                  prod:
                    - id: caseProd
                      uses: test.effect@1
                      with: { name: case-prod }
                default:
                  - id: caseDefault
                    uses: test.effect@1
                    with: { name: case-default }
              - id: sub
                call: { workflow: child, version: 2, with: { label: x } }
              - id: useSub
                uses: test.effect@1
                with: { name: use, value: "${{ steps.sub.outputs.echoed }}" }
            """);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1, f.Effects.Count("left"));
        Assert.Equal(1, f.Effects.Count("right"));
        Assert.Equal(1, f.Effects.Count("prod"));
        Assert.Equal(0, f.Effects.Count("dev"));
        Assert.Equal(1, f.Effects.Count("case-prod"));
        Assert.Equal(0, f.Effects.Count("case-default"));
        Assert.Equal("child-x", (await f.LatestAsync(run.Id, "useSub")).Outputs!["value"]!.GetValue<string>());
        Assert.Equal(StepStatus.Completed, (await f.LatestAsync(run.Id, "sub/inner")).Status);
    }

    [Fact]
    public async Task Run_SetVariable_IsVisibleToLaterStepsAndStoredOnTheRun()
    {
        var run = await f.RunAsync("""
            id: vars
            version: 1
            steps:
              - id: set
                uses: core.setVariable@1
                with: { name: color, value: blue }
              - id: use
                uses: test.effect@1
                with: { name: use, value: "${{ vars.color }}" }
            """);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("blue", run.Variables["color"]!.GetValue<string>());
        Assert.Equal("blue", (await f.LatestAsync(run.Id, "use")).Outputs!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_InvalidInputs_AreRefusedWithEveryProblemNamed()
    {
        var ex = await Assert.ThrowsAsync<Hosting.RunInputsInvalidException>(() => f.StartAsync("""
            id: typed
            version: 1
            inputs:
              count: { type: integer, required: true }
              mode: { type: string, allowed: [fast, safe], default: safe }
            steps:
              - id: s
                uses: test.effect@1
                with: { name: s }
            """, new JsonObject { ["count"] = "many", ["mode"] = "reckless", ["extra"] = 1 }));

        Assert.Contains("input 'count'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("input 'mode'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("input 'extra'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await f.Store.ListRunsAsync(new RunQuery(), CancellationToken.None));
    }

    [Fact]
    public async Task Run_ExpressionError_BecomesAnIncidentOnThatStep()
    {
        var run = await f.RunAsync("""
            id: badexpr
            version: 1
            inputs:
              who: { type: string, default: x }
            steps:
              - id: s
                uses: test.effect@1
                with: { name: s, value: "${{ inputs.who.missing.deep }}" }
            """);

        Assert.Equal(RunStatus.Faulted, run.Status);
        var record = await f.LatestAsync(run.Id, "s");
        Assert.Equal("expression.error", record.Error!.Code);
        Assert.Equal(0, f.Effects.Count("s"));
    }

    [Fact]
    public async Task Run_CheckMode_ChangesNothingAndReportsWhatWould()
    {
        var marker = Path.Combine(f.Directory, "marker");
        var run = await f.RunAsync($$"""
            id: check
            version: 1
            steps:
              - id: effect
                uses: test.effect@1
                with: { name: effect }
              - id: touch
                uses: core.command@1
                with: { command: touch, args: ["{{marker}}"] }
              - id: approve
                approval: { message: go? }
            """, check: true);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.True(run.CheckMode);
        Assert.Equal(0, f.Effects.Count("effect"));
        Assert.False(File.Exists(marker));
        Assert.True((await f.LatestAsync(run.Id, "touch")).Changed);
    }
}
