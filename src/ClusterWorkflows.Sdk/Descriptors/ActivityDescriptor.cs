using System.Text.Json.Nodes;

namespace ClusterWorkflows.Sdk.Descriptors;

/// <summary>
/// Everything the designer, the validator and the API know about an activity, generated from its
/// attributes and its input/output records (never written by hand).
/// </summary>
public sealed record ActivityDescriptor(
    string TypeId,
    int Version,
    string Category,
    string Description,
    bool Idempotent,
    bool SupportsCheckMode,
    IReadOnlyList<PropertyDescriptor> Inputs,
    IReadOnlyList<PropertyDescriptor> Outputs,
    JsonObject InputSchema,
    JsonObject OutputSchema)
{
    /// <summary>The reference a runbook writes in <c>uses:</c>.</summary>
    public string Reference => $"{TypeId}@{Version}";

    public PropertyDescriptor? FindInput(string name) =>
        Inputs.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal));

    /// <summary>The public form (the CLI's --json, the API's catalog): what the designer builds its palette and forms from.</summary>
    public JsonObject ToJson() => new()
    {
        ["type"] = TypeId,
        ["version"] = Version,
        ["reference"] = Reference,
        ["category"] = Category,
        ["description"] = Description,
        ["idempotent"] = Idempotent,
        ["checkMode"] = SupportsCheckMode,
        ["secretInputs"] = new JsonArray([.. Inputs.Where(i => i.Secret).Select(i => JsonValue.Create(i.Name))]),
        ["inputs"] = InputSchema.DeepClone(),
        ["outputs"] = OutputSchema.DeepClone(),
    };
}

/// <summary>One input or output field. <see cref="Type"/> is the JSON Schema type name.</summary>
public sealed record PropertyDescriptor(
    string Name,
    string Type,
    string? Description,
    bool Required,
    bool Secret,
    JsonNode? Default,
    IReadOnlyList<string>? AllowedValues)
{
    /// <summary>True when null is an accepted value (the schema allows "null" or any type).</summary>
    public bool Nullable { get; init; }
}
