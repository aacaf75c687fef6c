using System.ComponentModel;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Logging;

public sealed record WriteLogInput
{
    [Description("The text to write to the log.")]
    public required string Message { get; init; }

    [Description("Severity of the line: debug, info, warning or error.")]
    public LogLevel Level { get; init; } = LogLevel.Info;
}
