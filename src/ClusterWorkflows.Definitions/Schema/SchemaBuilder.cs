using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Loading;
using ClusterWorkflows.Definitions.Validation;
using ClusterWorkflows.Sdk.Descriptors;
using ClusterWorkflows.Sdk.Registration;
using static ClusterWorkflows.Definitions.Schema.SchemaNodes;
using SdkDuration = ClusterWorkflows.Sdk.Duration;

namespace ClusterWorkflows.Definitions.Schema;

/// <summary>Builds the runbook schema. Key lists come from the loader's tables so the two cannot drift apart.</summary>
internal sealed partial class SchemaBuilder(ActivityCatalog catalog)
{
    private const string ExpressionPattern = @"\$\{\{";
    private const string PercentPattern = @"^([1-9][0-9]?|100)%$";
    private const string InstantPattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$";

    private readonly List<ActivityDescriptor> descriptors = catalog.Descriptors.ToList();

    public JsonObject Build()
    {
        var defs = new JsonObject
        {
            ["expression"] = Expression(),
            ["condition"] = Types("string", "boolean").Describe("A JavaScript expression, bare (inputs.count > 1) or as ${{ ... }}; false skips the step."),
            ["duration"] = Duration(),
            ["durationOrExpression"] = new JsonObject { ["anyOf"] = Array(Ref("duration"), Ref("expression")) },
            ["stepId"] = new JsonObject
            {
                ["type"] = "string",
                ["pattern"] = StepRules.StepId().ToString(),
                ["description"] = "Unique in the workflow and stable across edits: the journal is keyed by step paths made of ids.",
            },
            ["steps"] = new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = Ref("step") },
            ["retry"] = Retry(),
            ["input"] = Input(),
            ["cronTrigger"] = CronTrigger(),
            ["httpTrigger"] = HttpTrigger(),
            ["trigger"] = new JsonObject { ["oneOf"] = Array(Ref("cronTrigger"), Ref("httpTrigger")) },
            ["batchSize"] = new JsonObject
            {
                ["anyOf"] = Array(
                    new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
                    new JsonObject { ["type"] = "string", ["pattern"] = PercentPattern }),
            },
            ["step"] = new JsonObject { ["oneOf"] = new JsonArray(StepKinds.All.Select(k => (JsonNode?)Ref($"step.{k.Key}")).ToArray()) },
        };
        foreach (var kind in StepKinds.All)
        {
            defs[$"step.{kind.Key}"] = KindSchema(kind.Key);
        }

        foreach (var descriptor in descriptors)
        {
            defs[ActivityInputSchemas.DefName(descriptor)] = ActivityInputSchemas.WithSchema(descriptor);
        }

        return new JsonObject
        {
            ["$schema"] = WorkflowSchema.Dialect,
            ["title"] = "ClusterWorkflows runbook",
            ["description"] = "A durable runbook: id, version, typed inputs, triggers and a tree of steps.",
            ["type"] = "object",
            ["required"] = Strings(["id", "version", "steps"]),
            ["additionalProperties"] = false,
            ["properties"] = TopLevel(),
            ["$defs"] = defs,
        };
    }

    private static JsonObject Expression() => new()
    {
        ["type"] = "string",
        ["pattern"] = ExpressionPattern,
        ["description"] = "A string with ${{ ... }}: JavaScript evaluated at run time over inputs, vars, steps, inventory, run, secrets.",
    };

    private static JsonObject Duration() => new()
    {
        ["type"] = "string",
        ["pattern"] = SdkDuration.Pattern,
        ["description"] = "A duration: 500ms, 30s, 5m, 1h30m, 2d or hh:mm:ss.",
    };

    private static JsonObject TopLevel() => new()
    {
        ["$schema"] = Type("string", "The schema this document follows (ignored by the loader)."),
        ["id"] = new JsonObject
        {
            ["type"] = "string",
            ["pattern"] = DefinitionRules.WorkflowId().ToString(),
            ["description"] = "The workflow id: lowercase letters, digits, '.', '_', '-'.",
        },
        ["version"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["description"] = "Saved versions are immutable; runs and calls pin a version." },
        ["description"] = Type("string"),
        ["inputs"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "Typed inputs, rendered as a form for manual runs.",
            ["propertyNames"] = new JsonObject { ["pattern"] = DefinitionRules.Name().ToString() },
            ["additionalProperties"] = Ref("input"),
        },
        ["concurrency"] = Type("string", "Runs with equal keys never execute at the same time, e.g. cluster-${{ inputs.cluster }}."),
        ["triggers"] = new JsonObject { ["type"] = "array", ["items"] = Ref("trigger") },
        ["outputs"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "Named results, usually ${{ steps.x.outputs.y }}; returned to a calling workflow.",
            ["propertyNames"] = new JsonObject { ["pattern"] = DefinitionRules.Name().ToString() },
        },
        ["steps"] = Ref("steps"),
    };

    private static JsonObject Retry() => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["maxAttempts"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["description"] = "Attempts in all, the first included." },
            ["delay"] = Ref("duration"),
            ["backoff"] = new JsonObject { ["enum"] = Strings(StepKinds.BackoffNames) },
            ["maxDelay"] = Ref("duration"),
            ["on"] = new JsonObject { ["type"] = "array", ["items"] = Type("string"), ["description"] = "Error codes to retry; empty: every retryable error." },
        },
    };

    private static JsonObject Input()
    {
        var typed = InputReader.TypeNames.Select(t => (JsonNode?)new JsonObject
        {
            ["if"] = new JsonObject { ["properties"] = new JsonObject { ["type"] = new JsonObject { ["const"] = t } }, ["required"] = Strings(["type"]) },
            ["then"] = new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["default"] = Type(t),
                    ["allowed"] = new JsonObject { ["type"] = "array", ["items"] = Type(t) },
                },
            },
        });
        var secretHasNoDefault = new JsonObject
        {
            ["if"] = new JsonObject { ["properties"] = new JsonObject { ["secret"] = new JsonObject { ["const"] = true } }, ["required"] = Strings(["secret"]) },
            ["then"] = new JsonObject { ["not"] = new JsonObject { ["required"] = Strings(["default"]) } },
        };
        return new JsonObject
        {
            ["type"] = Strings(["object", "null"]),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject { ["enum"] = Strings(InputReader.TypeNames), ["default"] = "string" },
                ["required"] = Type("boolean"),
                ["default"] = new JsonObject(),
                ["allowed"] = new JsonObject { ["type"] = "array", ["minItems"] = 1 },
                ["secret"] = Type("boolean", "Masked in forms and logs; may not have a default."),
                ["description"] = Type("string"),
            },
            ["allOf"] = new JsonArray([.. typed, secretHasNoDefault]),
        };
    }

    private static JsonObject CronTrigger() => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = Strings(["cron"]),
        ["properties"] = new JsonObject
        {
            ["cron"] = Type("string", "5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first."),
            ["timezone"] = Type("string", "An IANA time zone like Europe/Madrid; default UTC."),
            ["inputs"] = Type("object", "Literal inputs for the runs this schedule starts."),
            ["name"] = Pattern(Type("string", "Schedule name (the schedule id is <workflow id>/<name>); name triggers you may pause."), "^[A-Za-z0-9][A-Za-z0-9._-]*$"),
            ["overlap"] = Choice("What a fire does while the previous run of this schedule is active (default skip).", Loading.TriggerReader.OverlapNames),
            ["catchUp"] = Choice("Fires missed while no engine ran: none, the last one, or all within catchUpWindow (default none).", Loading.TriggerReader.CatchUpNames),
            ["catchUpWindow"] = Ref("duration"),
        },
    };

    private static JsonObject Pattern(JsonObject schema, string pattern)
    {
        schema["pattern"] = pattern;
        return schema;
    }

    private static JsonObject Choice(string description, IEnumerable<string> values)
    {
        var schema = Type("string", description);
        schema["enum"] = Strings(values);
        return schema;
    }

    private static JsonObject HttpTrigger() => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = Strings(["http"]),
        ["properties"] = new JsonObject
        {
            ["http"] = new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["required"] = Strings(["path"]),
                ["properties"] = new JsonObject
                {
                    ["path"] = new JsonObject { ["type"] = "string", ["pattern"] = TriggerRules.HttpPath().ToString() },
                    ["methods"] = new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["enum"] = Strings(TriggerRules.Methods) } },
                    ["auth"] = new JsonObject { ["enum"] = Strings(TriggerRules.AuthModes) },
                    ["secret"] = new JsonObject { ["type"] = "string", ["pattern"] = TriggerRules.SecretName().ToString() },
                    ["format"] = new JsonObject { ["enum"] = Strings(TriggerRules.Formats) },
                },
            },
        },
    };
}
