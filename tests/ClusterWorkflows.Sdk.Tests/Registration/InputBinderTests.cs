using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Sdk.Tests.TestActivities;

namespace ClusterWorkflows.Sdk.Tests.Registration;

public sealed class InputBinderTests
{
    private const string Reference = "test.sample@2";

    private static SampleInput Bind(string json) => InputBinder.Bind<SampleInput>(JsonNode.Parse(json)!.AsObject(), Reference);

    private static InputBindingException Fails(string json) => Assert.Throws<InputBindingException>(() => Bind(json));

    [Fact]
    public void Bind_FullJson_FillsTheRecord()
    {
        var input = Bind("""
            {"cluster": "prod", "replicas": 5, "token": "t", "strategy": "recreate", "batch": 4, "speed": "slow", "optionalSpeed": "normal",
             "slug": "abc", "ratio": 2, "timeout": "2m", "grace": "10s", "payload": {"a": [1]}, "note": null, "dryRun": true,
             "tags": ["a", "b"]}
            """);

        Assert.Equal("prod", input.Cluster);
        Assert.Equal(5, input.Replicas);
        Assert.Equal("t", input.Token);
        Assert.Equal("recreate", input.Strategy);
        Assert.Equal(4, input.Batch);
        Assert.Equal(RolloutSpeed.Slow, input.Speed);
        Assert.Equal(RolloutSpeed.Normal, input.OptionalSpeed);
        Assert.Equal(2.0, input.Ratio);
        Assert.Equal(TimeSpan.FromMinutes(2), input.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(10), input.Grace);
        Assert.Equal("""{"a":[1]}""", input.Payload!.ToJsonString());
        Assert.Null(input.Note);
        Assert.True(input.DryRun);
        Assert.Equal(["a", "b"], input.Tags);
    }

    [Fact]
    public void Bind_OnlyRequired_KeepsDefaults()
    {
        var input = Bind("""{"cluster": "prod"}""");

        Assert.Equal(3, input.Replicas);
        Assert.Null(input.Token);
        Assert.Equal("rolling", input.Strategy);
        Assert.Equal(1, input.Batch);
        Assert.Equal(RolloutSpeed.VeryFast, input.Speed);
        Assert.Null(input.OptionalSpeed);
        Assert.Equal(1.5, input.Ratio);
        Assert.Equal(TimeSpan.FromSeconds(90), input.Timeout);
        Assert.Null(input.Grace);
        Assert.Null(input.Payload);
        Assert.False(input.DryRun);
        Assert.Equal(["web"], input.Tags);
    }

    [Fact]
    public void Bind_ValuesBuiltInCode_Bind()
    {
        var input = InputBinder.Bind<SampleInput>(new JsonObject { ["cluster"] = "c", ["replicas"] = JsonValue.Create(2L), ["ratio"] = JsonValue.Create(1.25m) }, Reference);

        Assert.Equal(2, input.Replicas);
        Assert.Equal(1.25, input.Ratio);
    }

    [Fact]
    public void Bind_RangeViolation_NamesTheCamelCaseField()
    {
        var ex = Fails("""{"cluster": "prod", "replicas": 50}""");

        Assert.Equal("invalid inputs for test.sample@2: replicas: The field Replicas must be between 1 and 10.", ex.Message);
    }

    [Fact]
    public void Bind_SeveralValidationErrors_ReportsAll()
    {
        var ex = Fails("""{"cluster": "prod", "replicas": 0, "strategy": "big-bang", "slug": "ABC", "dryRun": true, "tags": []}""");

        Assert.StartsWith("invalid inputs for test.sample@2: ", ex.Message);
        Assert.Contains("replicas: ", ex.Message);
        Assert.Contains("strategy: ", ex.Message);
        Assert.Contains("slug: ", ex.Message);
        Assert.Contains("tags: ", ex.Message);
        Assert.DoesNotContain("dryRun", ex.Message);
    }

    [Fact]
    public void Bind_AllowedValuesViolationOnNumber_IsReported()
    {
        var ex = Fails("""{"cluster": "prod", "batch": 3}""");

        Assert.Contains("batch: ", ex.Message);
    }

    [Theory]
    [InlineData("""{"cluster": "prod", "replicas": "5"}""", "$.replicas")]
    [InlineData("""{"cluster": "prod", "replicas": 1.5}""", "$.replicas")]
    [InlineData("""{"cluster": 5}""", "$.cluster")]
    [InlineData("""{"cluster": "prod", "dryRun": "yes"}""", "$.dryRun")]
    [InlineData("""{"cluster": "prod", "speed": "warp"}""", "$.speed")]
    [InlineData("""{"cluster": "prod", "timeout": "soon"}""", "$.timeout")]
    [InlineData("""{"cluster": "prod", "timeout": 1e300}""", "$.timeout")]
    [InlineData("""{"cluster": "prod", "tags": "a"}""", "$.tags")]
    [InlineData("""{"cluster": "prod", "extra": 1}""", "$.extra")]
    [InlineData("""{"cluster": null}""", "$.cluster")]
    public void Bind_BadJson_NamesThePath(string json, string path)
    {
        var ex = Fails(json);

        Assert.StartsWith($"invalid inputs for test.sample@2 at {path}: ", ex.Message);
        Assert.DoesNotContain("Path:", ex.Message);
    }

    [Fact]
    public void Bind_NestedRecord_BindsWithDefaults()
    {
        var input = InputBinder.Bind<NestedInput>(JsonNode.Parse("""{"name": "n", "target": {"host": "h"}}""")!.AsObject(), Reference);

        Assert.Equal(new SampleTarget { Host = "h", Port = 22 }, input.Target);
        Assert.Equal(new SampleTarget { Host = "primary", Port = 2222 }, input.Primary);
    }

    [Theory]
    [InlineData("""{"name": "n", "target": {"host": 5}}""", "$.target.host")]
    [InlineData("""{"name": "n", "target": {"hots": "h"}}""", "$.target.hots")]
    [InlineData("""{"name": "n", "primary": null}""", "$.primary")]
    public void Bind_BadNestedJson_NamesTheNestedPath(string json, string path)
    {
        var ex = Assert.Throws<InputBindingException>(() => InputBinder.Bind<NestedInput>(JsonNode.Parse(json)!.AsObject(), Reference));

        Assert.StartsWith($"invalid inputs for test.sample@2 at {path}: ", ex.Message);
    }

    [Fact]
    public void Bind_MissingRequired_NamesTheField()
    {
        var ex = Fails("""{"replicas": 2}""");

        Assert.StartsWith("invalid inputs for test.sample@2: ", ex.Message);
        Assert.Contains("'cluster'", ex.Message);
    }

    [Fact]
    public void Bind_WrongTypeForSecret_DoesNotEchoTheValue()
    {
        var ex = Fails("""{"cluster": "prod", "token": 8675309}""");

        Assert.Contains("$.token", ex.Message);
        Assert.DoesNotContain("8675309", ex.Message);
    }

    [Fact]
    public void Bind_Failure_IsANonRetryableActivityException()
    {
        var ex = Fails("""{}""");

        Assert.IsAssignableFrom<NonRetryableActivityException>(ex);
        Assert.False(ex.Retryable);
        Assert.Equal("inputs.invalid", ex.Code);
    }
}
