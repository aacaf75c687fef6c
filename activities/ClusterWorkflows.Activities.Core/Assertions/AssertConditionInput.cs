using System.ComponentModel;

namespace ClusterWorkflows.Activities.Core.Assertions;

public sealed record AssertConditionInput
{
    [Description("The condition that must hold, usually an expression.")]
    public required bool That { get; init; }

    [Description("Error message when the condition is false.")]
    public string Message { get; init; } = "assertion failed";
}
