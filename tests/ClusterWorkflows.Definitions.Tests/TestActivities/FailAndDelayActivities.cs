using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Definitions.Tests.TestActivities;

public sealed record FailInput
{
    public string? Message { get; init; }
    public string Code { get; init; } = "drill";
    public int Times { get; init; } = 1;
    public bool Retryable { get; init; } = true;
}

public sealed record FailOutput(int Attempt);

[Activity("core.fail", 1, Category = "Core")]
public sealed class FailActivity : IActivity<FailInput, FailOutput>
{
    public Task<ActivityResult<FailOutput>> ExecuteAsync(FailInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(new FailOutput(context.Attempt)));
}

public sealed record DelayInput
{
    public required TimeSpan Duration { get; init; }
}

[Activity("core.delay", 1, Category = "Core")]
public sealed class DelayActivity : IActivity<DelayInput, NoOutput>
{
    public Task<ActivityResult<NoOutput>> ExecuteAsync(DelayInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(NoOutput.Instance));
}
