using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Definitions.Tests.TestActivities;

public sealed record LogInput
{
    [Description("The line to write.")]
    public required string Message { get; init; }

    [AllowedValues("debug", "info", "warning", "error")]
    public string Level { get; init; } = "info";
}

[Activity("core.log", 1, Category = "Core", Description = "Writes a line to the run log.")]
public sealed class LogActivity : IActivity<LogInput, NoOutput>
{
    public Task<ActivityResult<NoOutput>> ExecuteAsync(LogInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(NoOutput.Instance));
}
