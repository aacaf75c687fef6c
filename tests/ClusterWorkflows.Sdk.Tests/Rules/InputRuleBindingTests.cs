using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Registration;

namespace ClusterWorkflows.Sdk.Tests.Rules;

/// <summary>The binder enforces each rule at run time with the rule's message after the field.</summary>
public sealed class InputRuleBindingTests
{
    private const string Reference = "test.rules@1";

    private static RuleInput Bind(string json) => InputBinder.Bind<RuleInput>(JsonNode.Parse(json)!.AsObject(), Reference);

    private static string Fails(string json) => Assert.Throws<InputBindingException>(() => Bind(json)).Message;

    [Fact]
    public void Bind_ValidValues_Binds()
    {
        var input = Bind("""{"port":22,"host":"db-1.example.org","timeout":"5s","endpoints":["x"],"body":"b"}""");

        Assert.Equal(22, input.Port);
        Assert.Equal(TimeSpan.FromSeconds(5), input.Timeout);
    }

    [Theory]
    [InlineData("""{"port":22,"timeout":"0s"}""", "timeout: must be greater than zero")]
    [InlineData("""{"port":22,"grace":"0ms"}""", "grace: must be greater than zero")]
    [InlineData("""{"port":0}""", "port: must be a port number from 1 to 65535")]
    [InlineData("""{"port":65536}""", "port: must be a port number from 1 to 65535")]
    [InlineData("""{"port":22,"host":"a;reboot"}""", "host: must be a host name or an IP address")]
    [InlineData("""{"port":22,"host":"fe80::1::2"}""", "host: must be a host name or an IP address")]
    [InlineData("""{"port":22,"endpoints":[]}""", "endpoints: must not be empty")]
    [InlineData("""{"port":22,"target":{"port":0}}""", "target.port: must be a port number from 1 to 65535")]
    public void Bind_BrokenRule_NamesFieldAndRule(string json, string expected)
    {
        Assert.Equal($"invalid inputs for {Reference}: {expected}", Fails(json));
    }

    [Theory]
    [InlineData("""{"port":22,"command":"true"}""", "give exactly one of port and command")]
    [InlineData("""{}""", "give exactly one of port and command")]
    [InlineData("""{"port":22,"body":"x","json":"y"}""", "give at most one of body and json")]
    public void Bind_BrokenFieldGroup_NamesTheGroup(string json, string expected)
    {
        Assert.EndsWith($": {expected}", Fails(json), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("::1")]
    [InlineData("node-1.lab")]
    public void Bind_HostOrAddress_IsAccepted(string host)
    {
        Assert.Equal(host, Bind($$"""{"port":22,"host":"{{host}}"}""").Host);
    }

    [Fact]
    public void BindWithErrorCode_BrokenRule_ThrowsWithTheActivitysCode()
    {
        var inputs = JsonNode.Parse("""{"port":22,"timeout":"0s"}""")!.AsObject();

        var error = Assert.Throws<NonRetryableActivityException>(() => InputBinder.BindWithErrorCode<RuleInput>(inputs, Reference, "test.bad-input"));

        Assert.Equal("test.bad-input", error.Code);
        Assert.Equal($"invalid inputs for {Reference}: timeout: must be greater than zero", error.Message);
    }
}
