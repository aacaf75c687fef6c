using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Runtime.Scheduling;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Backends.Embedded;

public sealed class EmbeddedDefinitions(EngineServices services) : IDefinitionBackend
{
    public Task<IReadOnlyList<DefinitionRecord>> ListAsync(CancellationToken cancellationToken) =>
        services.Store.ListDefinitionsAsync(cancellationToken);

    public async Task<SavedDefinition> SaveFileAsync(string path, CancellationToken cancellationToken)
    {
        var definition = await services.Definitions.ImportFileAsync(path, cancellationToken);
        // Saving a version updates its schedules at once, so `cw schedules` shows them before any worker syncs.
        await new Scheduler(services, new WorkflowEngine(services), services.Options.WorkerId).SyncAsync(definition, cancellationToken);
        return new SavedDefinition(definition.Id, definition.Version, null);
    }
}
