using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Descriptors;

namespace ClusterWorkflows.Sdk.Tests.Descriptors;

public sealed class InputCoercionTests
{
    private static readonly ActivityDescriptor Descriptor = Inputs.Descriptor(
        Inputs.Of("text", "string"),
        Inputs.Of("count", "integer"),
        Inputs.Of("ratio", "number"),
        Inputs.Of("enabled", "boolean"),
        Inputs.Of("hosts", "array"),
        Inputs.Of("payload", "any", nullable: true));

    private static JsonNode? CoerceOne(string name, JsonNode? value) =>
        InputCoercion.Coerce(Descriptor, new JsonObject { [name] = value })[name];

    private static void Same(string expectedJson, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedJson), actual), $"expected {expectedJson} but got {actual?.ToJsonString() ?? "null"}");

    public static TheoryData<string, JsonNode, string> Converted => new()
    {
        { "text", JsonValue.Create(42), "\"42\"" },
        { "text", JsonValue.Create(1.5), "\"1.5\"" },
        { "text", JsonNode.Parse("1.50")!, "\"1.50\"" },
        { "text", JsonValue.Create(-7L), "\"-7\"" },
        { "text", JsonValue.Create(true), "\"true\"" },
        { "text", JsonValue.Create(false), "\"false\"" },
        { "count", JsonValue.Create("42"), "42" },
        { "count", JsonValue.Create("-3"), "-3" },
        { "count", JsonValue.Create(" 8 "), "8" },
        { "ratio", JsonValue.Create("0.25"), "0.25" },
        { "ratio", JsonValue.Create("3"), "3" },
        { "ratio", JsonValue.Create("1e3"), "1000" },
        { "enabled", JsonValue.Create("true"), "true" },
        { "enabled", JsonValue.Create("False"), "false" },
    };

    [Theory]
    [MemberData(nameof(Converted))]
    public void Coerce_LosslessScalar_IsConvertedToDeclaredType(string name, JsonNode value, string expected)
    {
        Same(expected, CoerceOne(name, value));
    }

    public static TheoryData<string, JsonNode> Kept => new()
    {
        { "count", JsonValue.Create("4.5") },
        { "count", JsonValue.Create("1e3") },
        { "count", JsonValue.Create("99999999999999999999") },
        { "count", JsonValue.Create("0x10") },
        { "count", JsonValue.Create("three") },
        { "count", JsonValue.Create(1.5) },
        { "count", JsonValue.Create(true) },
        { "ratio", JsonValue.Create("NaN") },
        { "ratio", JsonValue.Create("Infinity") },
        { "ratio", JsonValue.Create("-Infinity") },
        { "ratio", JsonValue.Create("1e999") },
        { "ratio", JsonValue.Create("1,5") },
        { "ratio", JsonValue.Create("") },
        { "ratio", JsonValue.Create(true) },
        { "enabled", JsonValue.Create("yes") },
        { "enabled", JsonValue.Create("1") },
        { "enabled", JsonValue.Create(1) },
        { "text", JsonValue.Create("already text") },
        { "text", new JsonArray(1, 2) },
        { "text", new JsonObject { ["a"] = 1 } },
        { "hosts", JsonValue.Create("a,b") },
        { "payload", JsonValue.Create("5") },
        { "payload", JsonValue.Create(5) },
    };

    [Theory]
    [MemberData(nameof(Kept))]
    public void Coerce_NotLosslessOrNotScalar_LeavesValueForTheBinder(string name, JsonNode value)
    {
        var before = value.ToJsonString();

        Assert.Equal(before, CoerceOne(name, value)!.ToJsonString());
    }

    [Fact]
    public void Coerce_ConvertedNumber_IsAJsonNumber()
    {
        var value = CoerceOne("count", JsonValue.Create("42"));

        Assert.Equal(JsonValueKind.Number, value!.GetValueKind());
        Assert.Equal(42L, value.GetValue<long>());
    }

    [Fact]
    public void Coerce_NullAndMissing_StayAsTheyAre()
    {
        var values = new JsonObject { ["text"] = null };

        var result = InputCoercion.Coerce(Descriptor, values);

        Assert.True(result.ContainsKey("text"));
        Assert.Null(result["text"]);
        Assert.False(result.ContainsKey("count"));
    }

    [Fact]
    public void Coerce_UnknownInput_IsLeftAlone()
    {
        var result = InputCoercion.Coerce(Descriptor, new JsonObject { ["other"] = 5 });

        Same("""{"other": 5}""", result);
    }

    [Fact]
    public void Coerce_ReturnsTheSameObjectUpdatedInPlace()
    {
        var values = new JsonObject { ["text"] = 1, ["count"] = "2", ["hosts"] = new JsonArray("a") };

        var result = InputCoercion.Coerce(Descriptor, values);

        Assert.Same(values, result);
        Same("""{"text": "1", "count": 2, "hosts": ["a"]}""", values);
    }
}
