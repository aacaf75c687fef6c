using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Activities.Core.Variables;

public sealed record SetVariableInput
{
    [Description("Name of the run variable: a letter or '_' followed by letters, digits or '_'.")]
    [RegularExpression("^[A-Za-z_][A-Za-z0-9_]*$", ErrorMessage = "must be a letter or '_' followed by letters, digits or '_'")]
    [MinLength(1)] // RegularExpressionAttribute lets the empty string through.
    public required string Name { get; init; }

    [Description("The value to assign: any JSON value, null included.")]
    public required JsonNode? Value { get; init; }
}

public sealed record SetVariableOutput
{
    [Description("Name of the variable that was assigned.")]
    public required string Name { get; init; }

    [Description("The value that was assigned.")]
    public required JsonNode? Value { get; init; }
}
