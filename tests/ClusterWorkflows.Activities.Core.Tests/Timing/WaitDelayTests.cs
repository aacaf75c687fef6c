using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;
using Microsoft.Extensions.Time.Testing;

namespace ClusterWorkflows.Activities.Core.Tests.Timing;

public sealed class WaitDelayTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Execute_CompletesOnlyWhenTheDurationHasPassed()
    {
        var time = new FakeTimeProvider();
        await using var harness = CoreHarness.Create(time);

        var run = harness.InvokeAsync("core.delay@1", new JsonObject { ["duration"] = "5m" });
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));
        var result = await run.WaitAsync(Deadline);

        Assert.False(result.Changed);
        Assert.Contains("waiting 5m", harness.Log.Texts);
    }

    [Fact]
    public async Task Execute_Cancelled_ThrowsOperationCanceled()
    {
        var time = new FakeTimeProvider();
        await using var harness = CoreHarness.Create(time);
        using var cts = new CancellationTokenSource();

        var run = harness.InvokeAsync("core.delay@1", new JsonObject { ["duration"] = "1h" }, ct: cts.Token);
        Assert.False(run.IsCompleted);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Deadline));
    }

    [Fact]
    public async Task Execute_CheckMode_ReturnsWithoutWaiting()
    {
        var time = new FakeTimeProvider();
        await using var harness = CoreHarness.Create(time);

        var run = harness.InvokeAsync("core.delay@1", new JsonObject { ["duration"] = "1h" }, checkMode: true);

        Assert.True(run.IsCompleted);
        Assert.False((await run).Changed);
        Assert.Contains("check mode: would wait 1h", harness.Log.Texts);
    }

    [Fact]
    public async Task Execute_NegativeSeconds_ThrowsNonRetryable()
    {
        await using var harness = CoreHarness.Create(new FakeTimeProvider());

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(
            () => harness.InvokeAsync("core.delay@1", new JsonObject { ["duration"] = -1 }));

        Assert.Equal("delay.bad-duration", error.Code);
    }

    [Fact]
    public async Task Execute_NotADuration_FailsBinding()
    {
        await using var harness = CoreHarness.Create(new FakeTimeProvider());

        var error = await Assert.ThrowsAsync<ClusterWorkflows.Sdk.Registration.InputBindingException>(
            () => harness.InvokeAsync("core.delay@1", new JsonObject { ["duration"] = "soon" }));

        Assert.Contains("duration", error.Message, StringComparison.Ordinal);
    }
}
