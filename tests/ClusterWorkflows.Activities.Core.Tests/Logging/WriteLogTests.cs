using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Testing;

namespace ClusterWorkflows.Activities.Core.Tests.Logging;

public sealed class WriteLogTests
{
    [Theory]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("info", LogLevel.Info)]
    [InlineData("warning", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    public async Task Execute_Level_WritesLineAtThatLevel(string level, LogLevel expected)
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.log@1", new JsonObject { ["message"] = "disk almost full", ["level"] = level });

        Assert.Equal([new LogLine(expected, "disk almost full")], harness.Log.Lines);
        Assert.False(result.Changed);
        Assert.Empty(result.Outputs);
    }

    [Fact]
    public async Task Execute_NoLevel_WritesInfo()
    {
        await using var harness = CoreHarness.Create();

        await harness.InvokeAsync("core.log@1", new JsonObject { ["message"] = "hello" });

        Assert.Equal([new LogLine(LogLevel.Info, "hello")], harness.Log.Lines);
    }

    [Fact]
    public async Task Execute_UnknownLevel_FailsBinding()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<InputBindingException>(
            () => harness.InvokeAsync("core.log@1", new JsonObject { ["message"] = "x", ["level"] = "loud" }));

        Assert.Equal("inputs.invalid", error.Code);
        Assert.Empty(harness.Log.Lines);
    }
}
