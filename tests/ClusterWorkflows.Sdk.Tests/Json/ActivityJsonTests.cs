using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Tests.TestActivities;

namespace ClusterWorkflows.Sdk.Tests.Json;

public sealed class ActivityJsonTests
{
    public sealed record Probe
    {
        public required string ClusterName { get; init; }
        public RolloutSpeed Speed { get; init; } = RolloutSpeed.Normal;
        public int MaxRetries { get; init; }
        public string? OptionalNote { get; init; }
        public TimeSpan Wait { get; init; } = TimeSpan.FromSeconds(5);
    }

    public sealed record Positional(string Name, int Count);

    [Fact]
    public void Serialize_PropertiesAndEnums_AreCamelCase()
    {
        var json = JsonSerializer.SerializeToNode(new Probe { ClusterName = "prod", Speed = RolloutSpeed.VeryFast, MaxRetries = 2 }, ActivityJson.Options);

        Assert.Equal("""{"clusterName":"prod","speed":"veryFast","maxRetries":2,"optionalNote":null,"wait":"5s"}""", json!.ToJsonString());
    }

    [Fact]
    public void Deserialize_CamelCaseJson_BindsEverything()
    {
        var probe = JsonSerializer.Deserialize<Probe>("""{"clusterName":"prod","speed":"veryFast","maxRetries":2,"optionalNote":"n","wait":"1m"}""", ActivityJson.Options)!;

        Assert.Equal(new Probe { ClusterName = "prod", Speed = RolloutSpeed.VeryFast, MaxRetries = 2, OptionalNote = "n", Wait = TimeSpan.FromMinutes(1) }, probe);
    }

    [Fact]
    public void Deserialize_MissingOptionalMembers_KeepsInitialisers()
    {
        var probe = JsonSerializer.Deserialize<Probe>("""{"clusterName":"prod"}""", ActivityJson.Options)!;

        Assert.Equal(RolloutSpeed.Normal, probe.Speed);
        Assert.Equal(TimeSpan.FromSeconds(5), probe.Wait);
    }

    [Fact]
    public void Deserialize_UnknownMember_IsRejected()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Probe>("""{"clusterName":"prod","clusterNames":"x"}""", ActivityJson.Options));

        Assert.Contains("'clusterNames'", ex.Message);
    }

    [Fact]
    public void Deserialize_MissingRequiredMember_IsRejected()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Probe>("""{"maxRetries":1}""", ActivityJson.Options));

        Assert.Contains("'clusterName'", ex.Message);
    }

    [Fact]
    public void Deserialize_MissingPositionalParameter_IsRejected()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Positional>("""{"name":"a"}""", ActivityJson.Options));
    }

    [Fact]
    public void Deserialize_NullForNonNullableString_IsRejected()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Probe>("""{"clusterName":null}""", ActivityJson.Options));
    }

    [Fact]
    public void Deserialize_NullForNullableString_IsAccepted()
    {
        var probe = JsonSerializer.Deserialize<Probe>("""{"clusterName":"a","optionalNote":null}""", ActivityJson.Options)!;

        Assert.Null(probe.OptionalNote);
    }

    [Theory]
    [InlineData("""{"clusterName":"a","speed":2}""")]
    [InlineData("""{"clusterName":"a","speed":"warp"}""")]
    [InlineData("""{"clusterName":"a","maxRetries":"2"}""")]
    [InlineData("""{"clusterName":"a","maxRetries":1.5}""")]
    [InlineData("""{"clusterName":5}""")]
    public void Deserialize_WrongJsonType_IsRejected(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Probe>(json, ActivityJson.Options));
    }

    [Theory]
    [InlineData("veryFast")]
    [InlineData("VeryFast")]
    public void Deserialize_EnumName_IsAccepted(string name)
    {
        var probe = JsonSerializer.Deserialize<Probe>($$"""{"clusterName":"a","speed":"{{name}}"}""", ActivityJson.Options)!;

        Assert.Equal(RolloutSpeed.VeryFast, probe.Speed);
    }

    [Fact]
    public void Options_AreReadOnly()
    {
        Assert.True(ActivityJson.Options.IsReadOnly);
        Assert.Same(ActivityJson.Options, ActivityJson.Options);
    }

    [Fact]
    public void SerializeToNode_JsonNodeMember_IsKeptAsIs()
    {
        var node = JsonSerializer.SerializeToNode(new Dictionary<string, JsonNode?> { ["a"] = new JsonArray(1, "x") }, ActivityJson.Options);

        Assert.Equal("""{"a":[1,"x"]}""", node!.ToJsonString());
    }
}
