using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Runtime.Scheduling;

namespace ClusterWorkflows.Cli.Commands;

/// <summary>Saving a version updates its schedules at once, so `cw schedules` shows them before any worker syncs.</summary>
public static class SyncSchedules
{
    public static Task AfterSaveAsync(EngineServices services, WorkflowDefinition definition, CancellationToken cancellationToken) =>
        new Scheduler(services, new WorkflowEngine(services), services.Options.WorkerId).SyncAsync(definition, cancellationToken);
}
