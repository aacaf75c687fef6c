using System.Text.Json.Nodes;

namespace ClusterWorkflows.Definitions.Model;

/// <summary>A runbook. Saved versions are immutable; a run pins (Id, Version).</summary>
public sealed record WorkflowDefinition
{
    public required string Id { get; init; }
    public required int Version { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<InputDefinition> Inputs { get; init; } = [];

    /// <summary>An expression or literal; runs whose keys are equal never execute at the same time.</summary>
    public string? Concurrency { get; init; }

    public IReadOnlyList<TriggerDefinition> Triggers { get; init; } = [];
    public IReadOnlyList<Step> Steps { get; init; } = [];

    /// <summary>Named outputs of the workflow (expressions), returned to a caller of a call step.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Outputs { get; init; } = new Dictionary<string, JsonNode?>();

    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>Where each field's value was written, keyed by its YAML key (nested ones dotted); empty when not loaded from text.</summary>
    public IReadOnlyDictionary<string, SourceLocation> FieldLocations { get; init; } = EmptyFields.Locations;

    /// <summary>Fields the loader already reported as missing or malformed, so validation does not report them twice.</summary>
    internal IReadOnlySet<string> ReportedFields { get; init; } = EmptyFields.Reported;

    public string Reference => $"{Id}@{Version}";

    /// <summary>
    /// The cron triggers with their effective names: the written <c>name</c>, else <c>cron</c> when the workflow
    /// has one cron trigger and <c>cron-1</c>, <c>cron-2</c>, ... (position among the cron triggers) when it has several.
    /// A schedule's id is <c>definitionId/name</c>.
    /// </summary>
    public IReadOnlyList<(string Name, CronTrigger Trigger)> CronTriggers()
    {
        var crons = Triggers.OfType<CronTrigger>().ToList();
        return crons
            .Select((trigger, index) => (trigger.Name ?? (crons.Count == 1 ? "cron" : $"cron-{index + 1}"), trigger))
            .ToList();
    }
}

public enum InputType
{
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
}

public sealed record InputDefinition
{
    public required string Name { get; init; }
    public InputType Type { get; init; } = InputType.String;
    public bool Required { get; init; }
    public JsonNode? Default { get; init; }
    public IReadOnlyList<JsonNode?>? Allowed { get; init; }
    public bool Secret { get; init; }
    public string? Description { get; init; }
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>Where each field's value was written, keyed by its YAML key (nested ones dotted); empty when not loaded from text.</summary>
    public IReadOnlyDictionary<string, SourceLocation> FieldLocations { get; init; } = EmptyFields.Locations;

    /// <summary>Fields the loader already reported as missing or malformed, so validation does not report them twice.</summary>
    internal IReadOnlySet<string> ReportedFields { get; init; } = EmptyFields.Reported;
}

public abstract record TriggerDefinition
{
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>Where each field's value was written, keyed by its YAML key (nested ones dotted); empty when not loaded from text.</summary>
    public IReadOnlyDictionary<string, SourceLocation> FieldLocations { get; init; } = EmptyFields.Locations;

    /// <summary>Fields the loader already reported as missing or malformed, so validation does not report them twice.</summary>
    internal IReadOnlySet<string> ReportedFields { get; init; } = EmptyFields.Reported;
}

public sealed record CronTrigger : TriggerDefinition
{
    public required string Schedule { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public JsonObject Inputs { get; init; } = [];

    /// <summary>As written; null when omitted (see <see cref="WorkflowDefinition.CronTriggers"/> for the default).</summary>
    public string? Name { get; init; }

    public ScheduleOverlap Overlap { get; init; } = ScheduleOverlap.Skip;
    public ScheduleCatchUp CatchUp { get; init; } = ScheduleCatchUp.None;

    /// <summary>How far back missed fires are still run (catch-up last/all).</summary>
    public TimeSpan CatchUpWindow { get; init; } = TimeSpan.FromHours(24);
}

/// <summary>What a cron fire does while the previous run of its schedule is still active.</summary>
public enum ScheduleOverlap
{
    /// <summary>Start nothing; the fire is recorded as skipped.</summary>
    Skip,

    /// <summary>Start the run; it waits for the previous one.</summary>
    Queue,

    /// <summary>Start the run side by side with the previous one.</summary>
    Allow,
}

/// <summary>What happens to fires missed while no engine was running (or the schedule was paused).</summary>
public enum ScheduleCatchUp
{
    /// <summary>Missed fires are dropped.</summary>
    None,

    /// <summary>Only the newest missed fire within the window runs.</summary>
    Last,

    /// <summary>Every missed fire within the window runs, oldest first.</summary>
    All,
}

public sealed record HttpTrigger : TriggerDefinition
{
    public required string Path { get; init; }
    public IReadOnlyList<string> Methods { get; init; } = ["POST"];

    /// <summary>hmac (signed body), bearer (a shared token), none; null: an API token with the operator role.</summary>
    public string? Auth { get; init; }

    /// <summary>With auth hmac or bearer: the NAME of the secret holding the shared key or token.</summary>
    public string? Secret { get; init; }

    /// <summary>json (the body's fields fill the inputs of the same names) or alertmanager (a notification: one run per firing group).</summary>
    public string Format { get; init; } = "json";
}
