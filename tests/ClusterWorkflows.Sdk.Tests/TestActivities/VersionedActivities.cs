namespace ClusterWorkflows.Sdk.Tests.TestActivities;

public sealed record VersionInput
{
    public string? Value { get; init; }
}

public sealed record VersionOutput(int Version);

[Activity("test.versioned", 1)]
public sealed class VersionedV1 : IActivity<VersionInput, VersionOutput>
{
    public Task<ActivityResult<VersionOutput>> ExecuteAsync(VersionInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(new VersionOutput(1)));
}

[Activity("test.versioned", 2)]
public sealed class VersionedV2 : IActivity<VersionInput, VersionOutput>
{
    public Task<ActivityResult<VersionOutput>> ExecuteAsync(VersionInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(new VersionOutput(2)));
}

[Activity("test.versioned", 10)]
public sealed class VersionedV10 : IActivity<VersionInput, VersionOutput>
{
    public Task<ActivityResult<VersionOutput>> ExecuteAsync(VersionInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(new VersionOutput(10)));
}

/// <summary>A different class claiming an identity that is already taken.</summary>
[Activity("test.versioned", 2)]
public sealed class VersionedV2Again : IActivity<VersionInput, VersionOutput>
{
    public Task<ActivityResult<VersionOutput>> ExecuteAsync(VersionInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(new VersionOutput(2)));
}

[Activity("Test.Versioned", 1)]
public sealed class VersionedOtherCase : IActivity<VersionInput, VersionOutput>
{
    public Task<ActivityResult<VersionOutput>> ExecuteAsync(VersionInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(new VersionOutput(1)));
}
