using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Validation;
using ClusterWorkflows.Sdk.Descriptors;
using static ClusterWorkflows.Definitions.Schema.SchemaNodes;

namespace ClusterWorkflows.Definitions.Schema;

/// <summary>The schemas of the step kinds, and the per-activity constraints on <c>with</c>.</summary>
internal sealed partial class SchemaBuilder
{
    private JsonObject KindSchema(string key)
    {
        var properties = new JsonObject
        {
            ["id"] = Ref("stepId"),
            ["name"] = Type("string", "A human-friendly title."),
            ["when"] = Ref("condition"),
            ["retry"] = Ref("retry"),
            ["timeout"] = Ref("duration"),
            ["continueOnError"] = Type("boolean", "A failure of this step does not fail its parent."),
        };
        var required = new List<string> { "id", key };
        var schema = new JsonObject { ["type"] = "object", ["additionalProperties"] = false };
        switch (key)
        {
            case "uses":
                properties["uses"] = Uses();
                properties["with"] = Type("object", "The activity's inputs; strings may hold ${{ }}.");
                properties["idempotent"] = Type("boolean", "Overrides the activity's idempotency: false asks a human before re-running after a crash.");
                schema["allOf"] = new JsonArray(descriptors.Select(d => (JsonNode?)ActivityConstraint(d)).ToArray());
                break;
            case "forEach":
                properties["forEach"] = new JsonObject { ["anyOf"] = Array(Ref("expression"), Type("array")), ["description"] = "The items: a ${{ }} expression yielding a list, or a list." };
                properties["as"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[A-Za-z_$][A-Za-z0-9_$]*$", ["default"] = "item" };
                properties["concurrency"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["default"] = 5 };
                properties["serial"] = new JsonObject
                {
                    ["anyOf"] = Array(Ref("batchSize"), new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = Ref("batchSize") }),
                    ["description"] = "Batch sizes like Ansible's serial: 1, 30%, or a list whose last entry repeats.",
                };
                properties["maxFailPercentage"] = new JsonObject
                {
                    ["anyOf"] = Array(
                        new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 100 },
                        new JsonObject { ["type"] = "string", ["pattern"] = @"^(\d{1,2}|100)%$" }),
                };
                properties["steps"] = Ref("steps");
                required.Add("steps");
                break;
            case "steps":
                properties["steps"] = Ref("steps");
                break;
            case "parallel":
                properties["parallel"] = Ref("steps").Describe("Branches that run at the same time; each entry is one branch.");
                break;
            case "if":
                properties["if"] = Ref("condition");
                properties["then"] = Ref("steps");
                properties["else"] = Ref("steps");
                required.Add("then");
                break;
            case "switch":
                properties["switch"] = Types("string", "number", "boolean").Describe("An expression whose value selects a case.");
                properties["cases"] = new JsonObject { ["type"] = "object", ["minProperties"] = 1, ["additionalProperties"] = Ref("steps") };
                properties["default"] = Ref("steps");
                required.Add("cases");
                break;
            case "try":
                properties["try"] = Ref("steps");
                properties["catch"] = Ref("steps");
                properties["finally"] = Ref("steps");
                schema["anyOf"] = Array(new JsonObject { ["required"] = Strings(["catch"]) }, new JsonObject { ["required"] = Strings(["finally"]) });
                break;
            case "approval":
                properties["approval"] = Approval();
                break;
            case "delay":
                properties["delay"] = Ref("durationOrExpression");
                break;
            case "waitUntil":
                properties["waitUntil"] = new JsonObject
                {
                    ["anyOf"] = Array(new JsonObject { ["type"] = "string", ["pattern"] = InstantPattern }, Ref("expression")),
                    ["description"] = "An instant with an offset (2026-12-01T03:00:00Z) or a ${{ }} expression.",
                };
                break;
            case "call":
                properties["call"] = Call();
                break;
        }

        schema["required"] = Strings(required);
        schema["properties"] = properties;
        return schema;
    }

    private JsonObject Uses()
    {
        var references = new List<string>();
        foreach (var group in descriptors.GroupBy(d => d.TypeId, StringComparer.Ordinal))
        {
            references.AddRange(group.Select(d => d.Reference));
            references.Add(group.Key);
        }

        var uses = new JsonObject
        {
            ["type"] = "string",
            ["description"] = "The activity: typeId@version, or typeId for its newest version.",
        };
        if (references.Count > 0)
        {
            uses["enum"] = Strings(references);
        }

        return uses;
    }

    /// <summary>When <c>uses</c> names this activity, <c>with</c> must fit its inputs.</summary>
    private JsonObject ActivityConstraint(ActivityDescriptor descriptor)
    {
        var newest = descriptors.Where(d => d.TypeId == descriptor.TypeId).Max(d => d.Version) == descriptor.Version;
        var names = newest ? new[] { descriptor.Reference, descriptor.TypeId } : [descriptor.Reference];
        var then = new JsonObject
        {
            ["properties"] = new JsonObject { ["with"] = Ref(ActivityInputSchemas.DefName(descriptor)) },
        };
        if (descriptor.Inputs.Any(i => i.Required))
        {
            then["required"] = Strings(["with"]);
        }

        return new JsonObject
        {
            ["if"] = new JsonObject
            {
                ["properties"] = new JsonObject { ["uses"] = new JsonObject { ["enum"] = Strings(names) } },
                ["required"] = Strings(["uses"]),
            },
            ["then"] = then,
        };
    }

    private static JsonObject Approval() => new()
    {
        ["type"] = Strings(["object", "null"]),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["message"] = Type("string"),
            ["approvers"] = new JsonObject { ["type"] = "array", ["items"] = Type("string") },
            ["role"] = Type("string"),
            ["minApprovals"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["default"] = 1 },
            ["timeout"] = Ref("duration"),
        },
    };

    private static JsonObject Call() => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = Strings(["workflow", "version"]),
        ["properties"] = new JsonObject
        {
            ["workflow"] = new JsonObject { ["type"] = "string", ["pattern"] = DefinitionRules.WorkflowId().ToString() },
            ["version"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["description"] = "Calls are pinned to a version." },
            ["with"] = Type("object"),
        },
    };
}
