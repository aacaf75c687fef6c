using ClusterWorkflows.Runtime.Hosting;

namespace ClusterWorkflows.Cli.Backends.Embedded;

/// <summary>The database, with the engine in this process.</summary>
public sealed class EmbeddedBackend(EngineServices services) : ICliBackend
{
    public IRunBackend Runs { get; } = new EmbeddedRuns(services);

    public IDefinitionBackend Definitions { get; } = new EmbeddedDefinitions(services);

    public ISecretBackend Secrets { get; } = new EmbeddedSecrets(services);

    public IScheduleBackend Schedules { get; } = new EmbeddedSchedules(services);

    public IAuditBackend Audit { get; } = new EmbeddedAudit(services);

    public IActivityBackend Activities { get; } = new EmbeddedActivities(services);

    public ValueTask DisposeAsync() => services.Store.DisposeAsync();
}
