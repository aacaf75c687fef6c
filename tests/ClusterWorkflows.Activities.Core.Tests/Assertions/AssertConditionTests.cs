using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Tests.Assertions;

public sealed class AssertConditionTests
{
    [Fact]
    public async Task Execute_True_SucceedsUnchanged()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.assert@1", new JsonObject { ["that"] = true });

        Assert.False(result.Changed);
        Assert.Empty(result.Outputs);
    }

    [Fact]
    public async Task Execute_False_ThrowsNonRetryableWithMessage()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(
            () => harness.InvokeAsync("core.assert@1", new JsonObject { ["that"] = false, ["message"] = "galera is not synced" }));

        Assert.Equal("assert.failed", error.Code);
        Assert.Equal("galera is not synced", error.Message);
        Assert.False(error.Retryable);
    }

    [Fact]
    public async Task Execute_FalseWithoutMessage_UsesDefaultMessage()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(
            () => harness.InvokeAsync("core.assert@1", new JsonObject { ["that"] = false }));

        Assert.Equal("assertion failed", error.Message);
    }

    [Fact]
    public async Task Execute_ThatIsAString_FailsBinding()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<ClusterWorkflows.Sdk.Registration.InputBindingException>(
            () => harness.InvokeAsync("core.assert@1", new JsonObject { ["that"] = "true" }));

        Assert.Contains("that", error.Message, StringComparison.Ordinal);
    }
}
