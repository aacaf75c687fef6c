namespace ClusterWorkflows.Sdk.Tests.TestActivities;

[Activity("test.unsealed", 1)]
public class UnsealedActivity : IActivity<VersionInput, VersionOutput>
{
    public Task<ActivityResult<VersionOutput>> ExecuteAsync(VersionInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(new VersionOutput(1)));
}

[Activity("test.not-an-activity", 1)]
public sealed class NotAnActivity
{
    public Task<VersionOutput> ExecuteAsync(VersionInput input) => Task.FromResult(new VersionOutput(1));
}

public sealed class UnattributedActivity : IActivity<VersionInput, VersionOutput>
{
    public Task<ActivityResult<VersionOutput>> ExecuteAsync(VersionInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(new VersionOutput(1)));
}

[Activity("test.two-contracts", 1)]
public sealed class TwoContractsActivity : IActivity<VersionInput, VersionOutput>, IActivity<EchoInput, VersionOutput>
{
    public Task<ActivityResult<VersionOutput>> ExecuteAsync(VersionInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(new VersionOutput(1)));

    public Task<ActivityResult<VersionOutput>> ExecuteAsync(EchoInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(new VersionOutput(2)));
}
