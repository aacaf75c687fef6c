using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Descriptors;

namespace ClusterWorkflows.Sdk.Tests.Rules;

/// <summary>The validation-time checks read only the schema and say what the binder says.</summary>
public sealed class InputRuleChecksTests
{
    private static readonly JsonObject Schema = DescriptorFactory.Schema(typeof(RuleInput));

    private static string? Check(string name, string json) =>
        InputRuleChecks.Property(Schema["properties"]![name]!.AsObject(), name, JsonNode.Parse(json)!, n => n is JsonValue v && v.ToString().StartsWith("${{", StringComparison.Ordinal));

    [Theory]
    [InlineData("timeout", "\"0s\"", "input 'timeout' must be greater than zero, got '0s'")]
    [InlineData("port", "0", "input 'port' must be a port number from 1 to 65535, got 0")]
    [InlineData("port", "70000", "input 'port' must be a port number from 1 to 65535, got 70000")]
    [InlineData("host", "\"a b\"", "input 'host' must be a host name or an IP address, got 'a b'")]
    [InlineData("endpoints", "[]", "input 'endpoints' must not be empty, got an empty list")]
    [InlineData("target", """{"port":0}""", "input 'target.port' must be a port number from 1 to 65535, got 0")]
    public void Property_BrokenLiteral_ReportsTheRule(string name, string json, string expected)
    {
        Assert.Equal(expected, Check(name, json));
    }

    [Theory]
    [InlineData("timeout", "\"1s\"")]
    [InlineData("timeout", "\"soon\"")] // not a duration: the validator's own duration check reports it
    [InlineData("port", "65535")]
    [InlineData("host", "\"10.0.0.1\"")]
    [InlineData("endpoints", "[\"a\"]")]
    [InlineData("target", """{"port":"${{ inputs.port }}"}""")]
    public void Property_FineOrNotItsBusiness_ReportsNothing(string name, string json)
    {
        Assert.Null(Check(name, json));
    }

    [Theory]
    [InlineData("""{"port":1,"command":"x"}""", "give exactly one of port and command (port and command are set)")]
    [InlineData("""{}""", "give exactly one of port and command (none is set)")]
    [InlineData("""{"port":"${{ inputs.p }}","body":"x","json":"y"}""", "give at most one of body and json (body and json are set)")]
    public void Record_BrokenGroup_ReportsIt(string json, string expected)
    {
        var error = Assert.Single(InputRuleChecks.Record(Schema, JsonNode.Parse(json)!.AsObject()));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Record_ExpressionCountsAsGiven_ReportsNothing()
    {
        Assert.Empty(InputRuleChecks.Record(Schema, JsonNode.Parse("""{"command":"${{ inputs.c }}"}""")!.AsObject()));
    }
}
