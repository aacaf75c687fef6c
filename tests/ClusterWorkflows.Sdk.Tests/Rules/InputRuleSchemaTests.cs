using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Descriptors;

namespace ClusterWorkflows.Sdk.Tests.Rules;

/// <summary>What each rule publishes: the JSON Schema keyword and, under x-messages, the binder's message.</summary>
public sealed class InputRuleSchemaTests
{
    private static readonly JsonObject Schema = DescriptorFactory.Schema(typeof(RuleInput));

    private static JsonObject Property(string name) => Schema["properties"]![name]!.AsObject();

    private static string? Message(string name, string keyword) => Property(name)["x-messages"]?[keyword]?.GetValue<string>();

    [Fact]
    public void PositiveDuration_Schema_HasExclusiveMinimumDurationAndMessage()
    {
        Assert.Equal("0s", Property("timeout")["x-exclusiveMinimum"]!.GetValue<string>());
        Assert.Equal("must be greater than zero", Message("timeout", "x-exclusiveMinimum"));
        Assert.Equal("must be greater than zero", Message("grace", "x-exclusiveMinimum"));
        Assert.Equal("duration", Property("timeout")["x-format"]!.GetValue<string>());
    }

    [Fact]
    public void Port_Schema_HasMinimumMaximumAndMessage()
    {
        Assert.Equal(1, Property("port")["minimum"]!.GetValue<int>());
        Assert.Equal(65535, Property("port")["maximum"]!.GetValue<int>());
        Assert.Equal("must be a port number from 1 to 65535", Message("port", "maximum"));
    }

    [Fact]
    public void HostName_Schema_HasPatternFormatAndMessage()
    {
        Assert.Equal(HostNameAttribute.Pattern, Property("host")["pattern"]!.GetValue<string>());
        Assert.Equal("host", Property("host")["x-format"]!.GetValue<string>());
        Assert.Equal("must be a host name or an IP address", Message("host", "x-format"));
    }

    [Fact]
    public void NonEmpty_Schema_HasMinItemsAndMessage()
    {
        Assert.Equal(1, Property("endpoints")["minItems"]!.GetValue<int>());
        Assert.Equal("must not be empty", Message("endpoints", "minItems"));
    }

    [Fact]
    public void FieldGroups_Schema_HaveExtensionAndStandardForm()
    {
        var groups = Schema["x-fieldGroups"]!.AsArray();
        var exclusive = groups.Single(g => g!["exactlyOne"]!.GetValue<bool>() == false)!;
        var exactlyOne = groups.Single(g => g!["exactlyOne"]!.GetValue<bool>())!;

        Assert.Equal("give at most one of body and json", exclusive["message"]!.GetValue<string>());
        Assert.Equal("give exactly one of port and command", exactlyOne["message"]!.GetValue<string>());
        var all = Schema["allOf"]!.ToJsonString();
        Assert.Contains("""{"not":{"anyOf":[{"required":["body","json"]}]}}""", all, StringComparison.Ordinal);
        Assert.Contains("""{"oneOf":[{"required":["port"]},{"required":["command"]}]}""", all, StringComparison.Ordinal);
    }

    [Fact]
    public void FieldGroup_OneField_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ExactlyOneAttribute("port"));
    }
}
