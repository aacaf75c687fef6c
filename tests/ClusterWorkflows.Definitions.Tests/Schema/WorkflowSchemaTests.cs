using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Loading;
using ClusterWorkflows.Definitions.Tests.TestActivities;
using ClusterWorkflows.Sdk.Registration;

namespace ClusterWorkflows.Definitions.Tests.Schema;

public sealed class WorkflowSchemaTests
{
    private static readonly JsonObject Schema = WorkflowSchema.Generate(TestCatalog.Instance);

    private static JsonObject Defs => Schema["$defs"]!.AsObject();

    private static JsonObject ActivityStep => Defs["step.uses"]!.AsObject();

    [Fact]
    public void Generate_IsDraft202012AndRoundTripsAsJson()
    {
        var text = Schema.ToJsonString();

        var parsed = JsonNode.Parse(text)!.AsObject();

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", parsed["$schema"]!.GetValue<string>());
        Assert.Equal(["id", "version", "steps"], parsed["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.False(parsed["additionalProperties"]!.GetValue<bool>());
        Assert.Equal(WorkflowReader.Keys.Order(), parsed["properties"]!.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public void Generate_UsesIsAnEnumOfReferencesAndBareIds()
    {
        var uses = ActivityStep["properties"]!["uses"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());

        Assert.Equal(
            [
                "core.assert@1", "core.assert",
                "core.command@1", "core.command@2", "core.command",
                "core.delay@1", "core.delay",
                "core.fail@1", "core.fail",
                "core.http@1", "core.http",
                "core.log@1", "core.log",
                "core.setVariable@1", "core.setVariable",
            ],
            uses);
    }

    [Fact]
    public void Generate_EachActivityConstrainsWithToItsInputs()
    {
        var constraints = ActivityStep["allOf"]!.AsArray().Select(n => n!.AsObject()).ToList();
        Assert.Equal(TestCatalog.Instance.Descriptors.Count(), constraints.Count);

        var log = constraints.Single(c => Names(c).Contains("core.log@1"));
        Assert.Equal(["core.log@1", "core.log"], Names(log));
        Assert.Equal(["with"], log["then"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        var withRef = log["then"]!["properties"]!["with"]!["$ref"]!.GetValue<string>();
        Assert.Equal("#/$defs/with:core.log@1", withRef);

        var with = Defs["with:core.log@1"]!.AsObject();
        Assert.False(with["additionalProperties"]!.GetValue<bool>());
        Assert.Equal(["message"], with["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        var level = with["properties"]!["level"]!.AsObject();
        Assert.Equal("info", level["default"]!.GetValue<string>());
        var options = level["anyOf"]!.AsArray();
        Assert.Equal(["debug", "info", "warning", "error"], options[0]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("#/$defs/expression", options[1]!["$ref"]!.GetValue<string>());

        // Only the newest version answers to the bare id.
        Assert.Equal(["core.command@1"], Names(constraints.Single(c => Names(c).Contains("core.command@1"))));
        Assert.Equal(["core.command@2", "core.command"], Names(constraints.Single(c => Names(c).Contains("core.command@2"))));
        // Nothing required: 'with' may be left out.
        Assert.Null(constraints.Single(c => Names(c).Contains("core.fail@1"))["then"]!["required"]);
    }

    [Fact]
    public void Generate_DurationsUseThePatternNotTheIsoFormat()
    {
        var timeout = Defs["with:core.command@1"]!["properties"]!["timeout"]!["anyOf"]![0]!.AsObject();

        Assert.Equal(ClusterWorkflows.Sdk.Duration.Pattern, timeout["pattern"]!.GetValue<string>());
        Assert.DoesNotContain("\"format\":\"duration\"", Schema.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("duration", TestCatalog.Instance.Find("core.command", 1)!.Descriptor.InputSchema["properties"]!["timeout"]!["x-format"]!.GetValue<string>());
    }

    [Fact]
    public void Generate_SecretInputsAreMarked()
    {
        var token = Defs["with:core.http@1"]!["properties"]!["bearerToken"]!.AsObject();

        Assert.True(token["writeOnly"]!.GetValue<bool>());
        Assert.True(token["x-secret"]!.GetValue<bool>());
    }

    [Fact]
    public void Generate_EveryRefResolvesInsideTheDocument()
    {
        var refs = new List<string>();
        Collect(Schema, refs);

        Assert.NotEmpty(refs);
        Assert.All(refs, r => Assert.True(Resolve(Schema, r) is not null, $"{r} does not resolve"));
    }

    [Fact]
    public void Generate_StepKindsAllowTheLoadersKeys()
    {
        var oneOf = Defs["step"]!["oneOf"]!.AsArray().Select(n => n!["$ref"]!.GetValue<string>());
        Assert.Equal(StepKinds.All.Select(k => $"#/$defs/step.{k.Key}"), oneOf);

        foreach (var kind in StepKinds.All)
        {
            var schema = Defs[$"step.{kind.Key}"]!.AsObject();
            Assert.Equal(StepKinds.AllowedKeys(kind).Order(), schema["properties"]!.AsObject().Select(p => p.Key).Order());
            Assert.False(schema["additionalProperties"]!.GetValue<bool>());
            Assert.Contains(kind.Key, schema["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        }
    }

    [Fact]
    public void Generate_EmptyCatalog_StillDescribesTheFormat()
    {
        var schema = WorkflowSchema.Generate(new ActivityCatalog([]));

        var uses = schema["$defs"]!["step.uses"]!["properties"]!["uses"]!.AsObject();
        Assert.Null(uses["enum"]);
        Assert.Equal("string", uses["type"]!.GetValue<string>());
        Assert.Empty(schema["$defs"]!["step.uses"]!["allOf"]!.AsArray());
    }

    [Fact]
    public void Generate_IsDeterministic()
    {
        var options = new JsonSerializerOptions { WriteIndented = true };

        Assert.Equal(Schema.ToJsonString(options), WorkflowSchema.Generate(TestCatalog.Instance).ToJsonString(options));
    }

    private static List<string> Names(JsonObject constraint) =>
        constraint["if"]!["properties"]!["uses"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    private static void Collect(JsonNode? node, List<string> refs)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "$ref")
                    {
                        refs.Add(value!.GetValue<string>());
                    }
                    else
                    {
                        Collect(value, refs);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, refs);
                }

                break;
        }
    }

    private static JsonNode? Resolve(JsonNode root, string reference)
    {
        Assert.StartsWith("#/", reference);
        JsonNode? current = root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                JsonObject obj => obj[token],
                JsonArray array when int.TryParse(token, out var i) && i < array.Count => array[i],
                _ => null,
            };
        }

        return current;
    }
}
