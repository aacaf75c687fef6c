using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Registration;

namespace ClusterWorkflows.Sdk.Tests.Registration;

public sealed class NestedInputValidationTests
{
    public sealed record Target
    {
        [RegularExpression("^[a-z]+$")]
        public required string Name { get; init; }

        [MinLength(1)]
        public required string[] Endpoints { get; init; }
    }

    public sealed record WithTarget
    {
        public required Target Connection { get; init; }

        [Range(1, 10)]
        public int Count { get; init; } = 1;
    }

    [Fact]
    public void Bind_InvalidNestedRecord_NamesTheDottedField()
    {
        var input = JsonNode.Parse("""{ "connection": { "name": "Bad Name", "endpoints": [] }, "count": 11 }""")!.AsObject();

        var error = Assert.Throws<InputBindingException>(() => InputBinder.Bind<WithTarget>(input, "test.nested@1"));

        Assert.Contains("connection.name:", error.Message, StringComparison.Ordinal);
        Assert.Contains("connection.endpoints:", error.Message, StringComparison.Ordinal);
        Assert.Contains("count:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ValidNestedRecord_Binds()
    {
        var input = JsonNode.Parse("""{ "connection": { "name": "ok", "endpoints": ["x"] } }""")!.AsObject();

        var bound = InputBinder.Bind<WithTarget>(input, "test.nested@1");

        Assert.Equal("ok", bound.Connection.Name);
    }
}
