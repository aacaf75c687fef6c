using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Registration;

namespace ClusterWorkflows.Activities.Core.Tests.Variables;

public sealed class SetVariableTests
{
    [Fact]
    public async Task Execute_ObjectValue_SetsVariableAndEchoesIt()
    {
        await using var harness = CoreHarness.Create();
        var value = new JsonObject { ["hosts"] = new JsonArray("a", "b"), ["count"] = 2 };

        var result = await harness.InvokeAsync("core.setVariable@1", new JsonObject { ["name"] = "targets", ["value"] = value.DeepClone() });

        Assert.False(result.Changed);
        var variables = Assert.IsAssignableFrom<IReadOnlyDictionary<string, JsonNode?>>(result.SetVariables);
        Assert.Equal(["targets"], variables.Keys);
        Assert.True(JsonNode.DeepEquals(value, variables["targets"]));
        Assert.Equal("targets", result.Outputs["name"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(value, result.Outputs["value"]));
    }

    [Fact]
    public async Task Execute_NullValue_SetsNull()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.setVariable@1", new JsonObject { ["name"] = "_cleared", ["value"] = null });

        Assert.True(result.SetVariables!.ContainsKey("_cleared"));
        Assert.Null(result.SetVariables["_cleared"]);
    }

    [Fact]
    public async Task Execute_VariableNodeIsDetached_CanBeAttachedElsewhere()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.setVariable@1", new JsonObject { ["name"] = "v", ["value"] = new JsonArray(1) });

        // The runtime stores variables in its own JSON tree: the node must not belong to another one.
        var store = new JsonObject { ["v"] = result.SetVariables!["v"] };
        Assert.Equal("""{"v":[1]}""", store.ToJsonString());
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("with-dash")]
    [InlineData("")]
    [InlineData("a b")]
    public async Task Execute_InvalidName_FailsBindingNamingTheField(string name)
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<InputBindingException>(
            () => harness.InvokeAsync("core.setVariable@1", new JsonObject { ["name"] = name, ["value"] = 1 }));

        Assert.Contains("name", error.Message, StringComparison.Ordinal);
        Assert.False(error.Retryable);
    }

    [Fact]
    public async Task Execute_MissingValue_FailsBinding()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<InputBindingException>(
            () => harness.InvokeAsync("core.setVariable@1", new JsonObject { ["name"] = "x" }));

        Assert.Contains("value", error.Message, StringComparison.Ordinal);
    }
}
