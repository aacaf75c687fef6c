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
}

public sealed record HttpTrigger : TriggerDefinition
{
    public required string Path { get; init; }
    public IReadOnlyList<string> Methods { get; init; } = ["POST"];
    public string? Auth { get; init; }
}
