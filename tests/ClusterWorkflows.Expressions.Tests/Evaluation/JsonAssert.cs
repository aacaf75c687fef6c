using System.Text.Json.Nodes;

namespace ClusterWorkflows.Expressions.Tests.Evaluation;

internal static class JsonAssert
{
    /// <summary>Compares JSON trees by value and kind; the message shows both as JSON.</summary>
    public static void Equal(string expectedJson, JsonNode? actual)
    {
        var expected = JsonNode.Parse(expectedJson);
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"expected {expected?.ToJsonString() ?? "null"} but got {actual?.ToJsonString() ?? "null"}");
    }
}
