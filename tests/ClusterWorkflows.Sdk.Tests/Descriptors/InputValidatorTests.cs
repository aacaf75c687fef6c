using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Descriptors;
using ClusterWorkflows.Sdk.Tests.TestActivities;

namespace ClusterWorkflows.Sdk.Tests.Descriptors;

public sealed class InputValidatorTests
{
    private static readonly ActivityDescriptor Descriptor = Inputs.Descriptor(
        Inputs.Of("name", "string", required: true),
        Inputs.Of("count", "integer"),
        Inputs.Of("ratio", "number"),
        Inputs.Of("enabled", "boolean"),
        Inputs.Of("hosts", "array"),
        Inputs.Of("labels", "object"),
        Inputs.Of("note", "string", nullable: true),
        Inputs.Of("payload", "any", nullable: true),
        Inputs.Of("mode", "string", allowed: ["fast", "slow"]));

    /// <summary>The real rule lives in the expressions project; this fake marks "${{" strings.</summary>
    private static bool IsExpression(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith("${{", StringComparison.Ordinal);

    private static IReadOnlyList<InputError> Validate(JsonObject? values) => InputValidator.Validate(Descriptor, values, IsExpression);

    private static JsonObject With(string name, JsonNode? value) => new() { ["name"] = "db", [name] = value };

    [Fact]
    public void Validate_AllValid_ReturnsNoErrors()
    {
        var values = JsonNode.Parse("""
            {"name": "db", "count": 3, "ratio": 0.5, "enabled": true, "hosts": ["a"], "labels": {"a": 1}, "note": null, "payload": [1, {"x": 2}], "mode": "slow"}
            """)!.AsObject();

        Assert.Empty(Validate(values));
    }

    [Fact]
    public void Validate_OnlyRequired_ReturnsNoErrors()
    {
        Assert.Empty(Validate(new JsonObject { ["name"] = "db" }));
    }

    [Fact]
    public void Validate_UnknownInput_NamesItAndTheKnownOnes()
    {
        var error = Assert.Single(Validate(With("cuont", 3)));

        Assert.Equal("cuont", error.Field);
        Assert.Equal("unknown input 'cuont' for test.inputs@1 (known inputs: name, count, ratio, enabled, hosts, labels, note, payload, mode)", error.Message);
    }

    [Fact]
    public void Validate_NamesAreCaseSensitive()
    {
        var errors = Validate(new JsonObject { ["Name"] = "db" });

        Assert.Equal([("Name", true), ("name", false)], errors.Select(e => (e.Field, e.Message.StartsWith("unknown", StringComparison.Ordinal))));
    }

    [Fact]
    public void Validate_MissingRequired_NamesItAndItsType()
    {
        var error = Assert.Single(Validate(new JsonObject { ["count"] = 1 }));

        Assert.Equal(new InputError("name", "missing required input 'name' (string)"), error);
    }

    [Fact]
    public void Validate_NullValues_ReportsMissingRequired()
    {
        var error = Assert.Single(InputValidator.Validate(Descriptor, null, IsExpression));

        Assert.Equal("name", error.Field);
    }

    [Fact]
    public void Validate_NoRequiredInputsAndNullValues_ReturnsNoErrors()
    {
        Assert.Empty(InputValidator.Validate(Inputs.Descriptor(Inputs.Of("a", "string")), null, IsExpression));
    }

    public static TheoryData<string, JsonNode, string> WrongTypes => new()
    {
        { "name", JsonValue.Create(5), "input 'name' must be of type string, got number" },
        { "name", JsonValue.Create(true), "input 'name' must be of type string, got boolean" },
        { "name", new JsonArray(), "input 'name' must be of type string, got array" },
        { "count", JsonValue.Create("3"), "input 'count' must be of type integer, got string" },
        { "count", JsonValue.Create(1.5), "input 'count' must be of type integer, got number" },
        { "count", JsonNode.Parse("2.5")!, "input 'count' must be of type integer, got number" },
        { "count", JsonValue.Create(4.5m), "input 'count' must be of type integer, got number" },
        { "ratio", JsonValue.Create("0.5"), "input 'ratio' must be of type number, got string" },
        { "ratio", JsonValue.Create(false), "input 'ratio' must be of type number, got boolean" },
        { "enabled", JsonValue.Create("true"), "input 'enabled' must be of type boolean, got string" },
        { "enabled", JsonValue.Create(1), "input 'enabled' must be of type boolean, got number" },
        { "hosts", JsonValue.Create("a,b"), "input 'hosts' must be of type array, got string" },
        { "hosts", new JsonObject(), "input 'hosts' must be of type array, got object" },
        { "labels", new JsonArray(), "input 'labels' must be of type object, got array" },
        { "labels", JsonValue.Create("a=1"), "input 'labels' must be of type object, got string" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void Validate_WrongType_ReportsExpectedAndActual(string name, JsonNode value, string message)
    {
        var error = Assert.Single(Validate(name == "name" ? new JsonObject { ["name"] = value } : With(name, value)));

        Assert.Equal(new InputError(name, message), error);
    }

    public static TheoryData<JsonNode> Integers => new()
    {
        JsonValue.Create(1),
        JsonValue.Create(1L),
        JsonValue.Create((short)7),
        JsonValue.Create(2.0),
        JsonValue.Create(4m),
        JsonValue.Create(-3),
        JsonValue.Create(long.MaxValue),
        JsonNode.Parse("1")!,
        JsonNode.Parse("1.0")!,
        JsonNode.Parse("-12")!,
        JsonNode.Parse("1e3")!,
    };

    [Theory]
    [MemberData(nameof(Integers))]
    public void Validate_WholeNumberForInteger_IsAccepted(JsonNode value)
    {
        Assert.Empty(Validate(With("count", value)));
    }

    public static TheoryData<JsonNode> Numbers => new()
    {
        JsonValue.Create(1),
        JsonValue.Create(1.5),
        JsonValue.Create(2.5f),
        JsonValue.Create(0.1m),
        JsonNode.Parse("3")!,
        JsonNode.Parse("3.25")!,
        JsonNode.Parse("-1e-3")!,
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Validate_AnyNumberForNumber_IsAccepted(JsonNode value)
    {
        Assert.Empty(Validate(With("ratio", value)));
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("slow")]
    public void Validate_AllowedValue_IsAccepted(string mode)
    {
        Assert.Empty(Validate(With("mode", mode)));
    }

    [Theory]
    [InlineData("medium")]
    [InlineData("Fast")]
    [InlineData("")]
    public void Validate_ValueOutsideAllowedSet_ListsTheAllowedOnes(string mode)
    {
        var error = Assert.Single(Validate(With("mode", mode)));

        Assert.Equal(new InputError("mode", $"input 'mode' must be one of fast, slow, got '{mode}'"), error);
    }

    [Fact]
    public void Validate_AllowedValuesAndWrongType_ReportsTheType()
    {
        var error = Assert.Single(Validate(With("mode", 3)));

        Assert.Equal("input 'mode' must be of type string, got number", error.Message);
    }

    [Theory]
    [InlineData("note")]
    [InlineData("payload")]
    public void Validate_NullForNullableInput_IsAccepted(string name)
    {
        Assert.Empty(Validate(With(name, null)));
    }

    [Theory]
    [InlineData("count")]
    [InlineData("mode")]
    [InlineData("hosts")]
    public void Validate_NullForNonNullableInput_IsReported(string name)
    {
        var error = Assert.Single(Validate(With(name, null)));

        Assert.Equal(new InputError(name, $"input '{name}' must not be null"), error);
    }

    [Fact]
    public void Validate_NullForRequiredInput_IsReportedAsNullNotMissing()
    {
        var error = Assert.Single(Validate(new JsonObject { ["name"] = null }));

        Assert.Equal("input 'name' must not be null", error.Message);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("enabled")]
    [InlineData("hosts")]
    [InlineData("mode")]
    [InlineData("name")]
    public void Validate_ExpressionValue_IsSkipped(string name)
    {
        var values = new JsonObject { ["name"] = "db", [name] = "${{ steps.x.outputs.value }}" };

        Assert.Empty(Validate(values));
    }

    [Fact]
    public void Validate_ExpressionForUnknownInput_IsStillUnknown()
    {
        var error = Assert.Single(Validate(With("nope", "${{ 1 }}")));

        Assert.Equal("nope", error.Field);
    }

    [Fact]
    public void Validate_ExpressionPredicate_SeesEachPresentValue()
    {
        var seen = new List<string?>();
        InputValidator.Validate(Descriptor, JsonNode.Parse("""{"name": "db", "count": 2, "note": null}""")!.AsObject(), node =>
        {
            seen.Add(node?.ToJsonString());
            return false;
        });

        Assert.Equal(["\"db\"", "2", null], seen);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAllAtOnce()
    {
        var values = JsonNode.Parse("""{"count": "three", "ratio": true, "mode": "medium", "extra": 1, "other": 2}""")!.AsObject();

        var errors = Validate(values);

        Assert.Equal(["extra", "other", "name", "count", "ratio", "mode"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_DescriptorFromFactory_ChecksEnumsAndDurations()
    {
        var descriptor = DescriptorFactory.Create(typeof(SampleActivity), typeof(SampleInput), typeof(SampleOutput));
        var values = JsonNode.Parse("""{"cluster": "prod", "speed": "warp", "optionalSpeed": null, "timeout": 30, "batch": 2, "payload": null}""")!.AsObject();

        var errors = InputValidator.Validate(descriptor, values, IsExpression);

        Assert.Equal(
            [new InputError("speed", "input 'speed' must be one of slow, normal, veryFast, got 'warp'"), new InputError("timeout", "input 'timeout' must be of type string, got number")],
            errors);
    }

    [Fact]
    public void Validate_DescriptorFromFactory_NullForNonNullableEnum_IsReported()
    {
        var descriptor = DescriptorFactory.Create(typeof(SampleActivity), typeof(SampleInput), typeof(SampleOutput));

        var error = Assert.Single(InputValidator.Validate(descriptor, new JsonObject { ["cluster"] = "prod", ["speed"] = null }, IsExpression));

        Assert.Equal("speed", error.Field);
    }
}
