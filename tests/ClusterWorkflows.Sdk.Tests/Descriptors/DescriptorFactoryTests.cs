using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Descriptors;
using ClusterWorkflows.Sdk.Tests.TestActivities;

namespace ClusterWorkflows.Sdk.Tests.Descriptors;

public sealed class DescriptorFactoryTests
{
    private static readonly ActivityDescriptor Sample = DescriptorFactory.Create(typeof(SampleActivity), typeof(SampleInput), typeof(SampleOutput));

    private static JsonObject InputProperty(string name) => Sample.InputSchema["properties"]![name]!.AsObject();

    private static PropertyDescriptor Input(string name) => Sample.FindInput(name) ?? throw new InvalidOperationException($"no input {name}");

    private static void JsonEqual(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected} but got {actual?.ToJsonString() ?? "null"}");

    [Fact]
    public void Create_Attribute_GivesIdentityAndBehaviour()
    {
        Assert.Equal("test.sample", Sample.TypeId);
        Assert.Equal(2, Sample.Version);
        Assert.Equal("test.sample@2", Sample.Reference);
        Assert.Equal("Testing", Sample.Category);
        Assert.Equal("Exercises every descriptor feature.", Sample.Description);
        Assert.False(Sample.Idempotent);
        Assert.False(Sample.SupportsCheckMode);
    }

    [Fact]
    public void Create_AttributeDefaults_AreGeneralIdempotentAndCheckable()
    {
        var descriptor = DescriptorFactory.Create(typeof(VersionedV1), typeof(VersionInput), typeof(VersionOutput));

        Assert.Equal("General", descriptor.Category);
        Assert.Equal("", descriptor.Description);
        Assert.True(descriptor.Idempotent);
        Assert.True(descriptor.SupportsCheckMode);
    }

    [Fact]
    public void Create_NoActivityAttribute_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => DescriptorFactory.Create(typeof(UnattributedActivity), typeof(VersionInput), typeof(VersionOutput)));

        Assert.Contains(nameof(UnattributedActivity), ex.Message);
        Assert.Contains("[Activity]", ex.Message);
    }

    [Fact]
    public void Create_Inputs_ListEveryPropertyInCamelCaseInDeclarationOrder()
    {
        Assert.Equal(
            ["cluster", "replicas", "token", "strategy", "batch", "speed", "optionalSpeed", "slug", "ratio", "timeout", "grace", "payload", "note", "dryRun", "tags"],
            Sample.Inputs.Select(i => i.Name));
    }

    [Fact]
    public void InputSchema_IsAClosedObject()
    {
        Assert.Equal("object", Sample.InputSchema["type"]!.GetValue<string>());
        Assert.False(Sample.InputSchema["additionalProperties"]!.GetValue<bool>());
    }

    [Fact]
    public void InputSchema_RequiredList_HoldsOnlyRequiredMembers()
    {
        JsonEqual("""["cluster"]""", Sample.InputSchema["required"]);
        Assert.Equal(["cluster"], Sample.Inputs.Where(i => i.Required).Select(i => i.Name));
    }

    [Fact]
    public void InputSchema_Description_ComesFromAttribute()
    {
        Assert.Equal("Name of the cluster.", InputProperty("cluster")["description"]!.GetValue<string>());
        Assert.Equal("Name of the cluster.", Input("cluster").Description);
        Assert.Null(Input("strategy").Description);
        Assert.False(InputProperty("strategy").ContainsKey("description"));
    }

    [Fact]
    public void InputSchema_Secret_IsMarkedWriteOnly()
    {
        var token = InputProperty("token");

        Assert.True(token["x-secret"]!.GetValue<bool>());
        Assert.True(token["writeOnly"]!.GetValue<bool>());
        Assert.True(Input("token").Secret);
        Assert.Equal("Registry token.", Input("token").Description);
        Assert.All(Sample.Inputs.Where(i => i.Name != "token"), i => Assert.False(i.Secret));
        Assert.False(InputProperty("cluster").ContainsKey("x-secret"));
    }

    [Theory]
    [InlineData("replicas", "3")]
    [InlineData("strategy", "\"rolling\"")]
    [InlineData("batch", "1")]
    [InlineData("speed", "\"veryFast\"")]
    [InlineData("ratio", "1.5")]
    [InlineData("timeout", "\"1m30s\"")]
    [InlineData("dryRun", "false")]
    [InlineData("tags", "[\"web\"]")]
    public void InputSchema_Default_ComesFromPropertyInitialiser(string name, string expected)
    {
        JsonEqual(expected, InputProperty(name)["default"]);
        JsonEqual(expected, Input(name).Default);
    }

    [Theory]
    [InlineData("cluster")]
    [InlineData("token")]
    [InlineData("optionalSpeed")]
    [InlineData("slug")]
    [InlineData("grace")]
    [InlineData("payload")]
    [InlineData("note")]
    public void InputSchema_NoInitialiserOrRequired_HasNoDefault(string name)
    {
        Assert.False(InputProperty(name).ContainsKey("default"));
        Assert.Null(Input(name).Default);
    }

    [Fact]
    public void Schema_NestedRecord_GetsItsOwnDefaultsAndDescriptions()
    {
        var target = DescriptorFactory.Schema(typeof(NestedInput))["properties"]!["target"]!.AsObject();

        JsonEqual("""["object", "null"]""", target["type"]);
        Assert.False(target.ContainsKey("default"));
        JsonEqual("\"localhost\"", target["properties"]!["host"]!["default"]);
        JsonEqual("22", target["properties"]!["port"]!["default"]);
        Assert.Equal("Host to connect to.", target["properties"]!["host"]!["description"]!.GetValue<string>());
        Assert.False(target["additionalProperties"]!.GetValue<bool>());
    }

    [Fact]
    public void Schema_NestedRecordWithInitialiser_DefaultIsTheWholeObject()
    {
        var primary = DescriptorFactory.Schema(typeof(NestedInput))["properties"]!["primary"]!.AsObject();

        JsonEqual("""{"host": "primary", "port": 2222}""", primary["default"]);
    }

    [Fact]
    public void InputSchema_AllowedValues_BecomeEnum()
    {
        JsonEqual("""["rolling", "recreate"]""", InputProperty("strategy")["enum"]);
        Assert.Equal(["rolling", "recreate"], Input("strategy").AllowedValues!);
    }

    [Fact]
    public void InputSchema_AllowedNumbers_StayNumbers()
    {
        JsonEqual("""[1, 2, 4]""", InputProperty("batch")["enum"]);
        Assert.Equal("integer", Input("batch").Type);
        Assert.Equal(["1", "2", "4"], Input("batch").AllowedValues!);
    }

    [Fact]
    public void InputSchema_EnumType_IsAStringWithCamelCaseNames()
    {
        var speed = InputProperty("speed");

        JsonEqual("""["slow", "normal", "veryFast"]""", speed["enum"]);
        Assert.Equal("string", speed["type"]!.GetValue<string>());
        Assert.Equal("string", Input("speed").Type);
        Assert.False(Input("speed").Nullable);
        Assert.Equal(["slow", "normal", "veryFast"], Input("speed").AllowedValues!);
    }

    [Fact]
    public void InputSchema_NullableEnum_AcceptsNull()
    {
        Assert.Equal("string", Input("optionalSpeed").Type);
        Assert.True(Input("optionalSpeed").Nullable);
        Assert.Contains("slow", Input("optionalSpeed").AllowedValues!);
    }

    [Fact]
    public void InputSchema_Range_GivesMinimumAndMaximum()
    {
        var replicas = InputProperty("replicas");
        var ratio = InputProperty("ratio");

        Assert.Equal(1, replicas["minimum"]!.GetValue<double>());
        Assert.Equal(10, replicas["maximum"]!.GetValue<double>());
        Assert.Equal(0.5, ratio["minimum"]!.GetValue<double>());
        Assert.Equal(2.5, ratio["maximum"]!.GetValue<double>());
    }

    [Fact]
    public void InputSchema_RegularExpression_GivesPattern()
    {
        Assert.Equal("^[a-z]+$", InputProperty("slug")["pattern"]!.GetValue<string>());
    }

    [Fact]
    public void InputSchema_MinLengthOnArray_GivesMinItems()
    {
        Assert.Equal(1, InputProperty("tags")["minItems"]!.GetValue<int>());
        Assert.Equal("array", Input("tags").Type);
    }

    [Fact]
    public void InputSchema_TimeSpan_IsADurationString()
    {
        var timeout = InputProperty("timeout");

        Assert.Equal("string", timeout["type"]!.GetValue<string>());
        Assert.Equal(Duration.Pattern, timeout["pattern"]!.GetValue<string>());
        Assert.Equal("duration", timeout["x-format"]!.GetValue<string>());
        Assert.Equal("string", Input("timeout").Type);
        Assert.False(Input("timeout").Nullable);
    }

    [Fact]
    public void InputSchema_NullableTimeSpan_IsANullableDurationString()
    {
        var grace = InputProperty("grace");

        JsonEqual("""["string", "null"]""", grace["type"]);
        Assert.Equal(Duration.Pattern, grace["pattern"]!.GetValue<string>());
        Assert.Equal("duration", grace["x-format"]!.GetValue<string>());
        Assert.True(Input("grace").Nullable);
    }

    [Theory]
    [InlineData("cluster", "string", false)]
    [InlineData("replicas", "integer", false)]
    [InlineData("token", "string", true)]
    [InlineData("ratio", "number", false)]
    [InlineData("dryRun", "boolean", false)]
    [InlineData("tags", "array", false)]
    [InlineData("note", "string", true)]
    [InlineData("payload", "any", true)]
    public void Inputs_TypeAndNullable_FollowTheClrType(string name, string type, bool nullable)
    {
        Assert.Equal(type, Input(name).Type);
        Assert.Equal(nullable, Input(name).Nullable);
    }

    [Fact]
    public void InputSchema_JsonNode_IsAnObjectSchemaWithoutType()
    {
        var payload = InputProperty("payload");

        Assert.False(payload.ContainsKey("type"));
    }

    [Fact]
    public void OutputSchema_PositionalRecord_ListsRequiredOutputs()
    {
        Assert.Equal(["message", "count"], Sample.Outputs.Select(o => o.Name));
        Assert.All(Sample.Outputs, o => Assert.True(o.Required));
        Assert.Equal("integer", Sample.Outputs[1].Type);
        Assert.False(Sample.OutputSchema["additionalProperties"]!.GetValue<bool>());
    }

    [Fact]
    public void Create_NestedInputs_DescribeTopLevelObjects()
    {
        var descriptor = DescriptorFactory.Create(typeof(SampleActivity), typeof(NestedInput), typeof(SampleOutput));

        Assert.Equal(("object", true), (descriptor.FindInput("target")!.Type, descriptor.FindInput("target")!.Nullable));
        Assert.Equal(("object", false), (descriptor.FindInput("primary")!.Type, descriptor.FindInput("primary")!.Nullable));
    }

    [Fact]
    public void FindInput_IsCaseSensitive()
    {
        Assert.NotNull(Sample.FindInput("dryRun"));
        Assert.Null(Sample.FindInput("DryRun"));
        Assert.Null(Sample.FindInput("nope"));
    }

    [Fact]
    public void Schema_CalledTwice_GivesEqualIndependentSchemas()
    {
        var first = DescriptorFactory.Schema(typeof(SampleInput));
        var second = DescriptorFactory.Schema(typeof(SampleInput));

        Assert.True(JsonNode.DeepEquals(first, second));
        Assert.NotSame(first, second);
    }
}
