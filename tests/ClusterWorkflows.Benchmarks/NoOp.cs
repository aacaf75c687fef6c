using System.ComponentModel;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Benchmarks;

public sealed record NoOpInput
{
    [Description("Ignored.")]
    public string? Note { get; init; }
}

/// <summary>Does nothing, so that what is measured is the engine's durable overhead per step.</summary>
[Activity("bench.noop", 1, Category = "Benchmark", Description = "Does nothing.")]
public sealed class DoNothing : IActivity<NoOpInput, NoOutput>
{
    public Task<ActivityResult<NoOutput>> ExecuteAsync(NoOpInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(NoOutput.Instance));
}
