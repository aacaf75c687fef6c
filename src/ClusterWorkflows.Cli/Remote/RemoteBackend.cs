using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Runtime.Execution;

namespace ClusterWorkflows.Cli.Remote;

/// <summary>A cw-server's API; its own workers execute the runs.</summary>
public sealed class RemoteBackend(ApiClient api, IRunObserver? observer) : ICliBackend
{
    public IRunBackend Runs { get; } = new RemoteRuns(api, observer ?? NullRunObserver.Instance);

    public IDefinitionBackend Definitions { get; } = new RemoteDefinitions(api);

    public ISecretBackend Secrets { get; } = new RemoteSecrets(api);

    public IScheduleBackend Schedules { get; } = new RemoteSchedules(api);

    public IAuditBackend Audit { get; } = new RemoteAudit(api);

    public IActivityBackend Activities { get; } = new RemoteActivities(api);

    public ValueTask DisposeAsync()
    {
        api.Dispose();
        return ValueTask.CompletedTask;
    }
}
