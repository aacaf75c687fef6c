using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>Where a field was written, falling back to the object's own location for models built in code.</summary>
internal static class Locations
{
    public static SourceLocation At(this Step step, string field) =>
        step.FieldLocations.TryGetValue(field, out var l) ? l : step.Location;

    public static SourceLocation At(this WorkflowDefinition definition, string field) =>
        definition.FieldLocations.TryGetValue(field, out var l) ? l : definition.Location;

    public static SourceLocation At(this InputDefinition input, string field) =>
        input.FieldLocations.TryGetValue(field, out var l) ? l : input.Location;

    public static SourceLocation At(this TriggerDefinition trigger, string field) =>
        trigger.FieldLocations.TryGetValue(field, out var l) ? l : trigger.Location;
}
