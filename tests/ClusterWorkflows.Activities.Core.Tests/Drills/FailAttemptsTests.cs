using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Tests.Drills;

public sealed class FailAttemptsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Execute_AttemptWithinTimes_ThrowsRetryableWithCode(int attempt)
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<ActivityException>(() => harness.InvokeAsync(
            "core.fail@1", new JsonObject { ["times"] = 2, ["code"] = "db.locked", ["message"] = "table locked" }, attempt: attempt));

        Assert.Equal("db.locked", error.Code);
        Assert.Equal("table locked", error.Message);
        Assert.True(error.Retryable);
    }

    [Fact]
    public async Task Execute_AttemptAfterTimes_SucceedsWithAttempt()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.fail@1", new JsonObject { ["times"] = 2 }, attempt: 3);

        Assert.Equal(3, result.Outputs["attempt"]!.GetValue<int>());
        Assert.False(result.Changed);
    }

    [Fact]
    public async Task Execute_Defaults_FailFirstAttemptWithDrillCode()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<ActivityException>(() => harness.InvokeAsync("core.fail@1", []));
        var second = await harness.InvokeAsync("core.fail@1", [], attempt: 2);

        Assert.Equal("drill", error.Code);
        Assert.Equal("drill failure", error.Message);
        Assert.Equal(2, second.Outputs["attempt"]!.GetValue<int>());
    }

    [Fact]
    public async Task Execute_TimesMinusOne_FailsEveryAttempt()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<ActivityException>(
            () => harness.InvokeAsync("core.fail@1", new JsonObject { ["times"] = -1 }, attempt: 1000));

        Assert.Equal("drill", error.Code);
    }

    [Fact]
    public async Task Execute_NotRetryable_ThrowsNonRetryable()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(
            () => harness.InvokeAsync("core.fail@1", new JsonObject { ["retryable"] = false }));

        Assert.False(error.Retryable);
        Assert.Equal("drill", error.Code);
    }

    [Fact]
    public async Task Execute_TimesBelowMinusOne_FailsBinding()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<ClusterWorkflows.Sdk.Registration.InputBindingException>(
            () => harness.InvokeAsync("core.fail@1", new JsonObject { ["times"] = -2 }));

        Assert.Contains("times", error.Message, StringComparison.Ordinal);
    }
}
