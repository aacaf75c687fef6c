using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Backends.Embedded;

public sealed class EmbeddedAudit(EngineServices services) : IAuditBackend
{
    public Task<IReadOnlyList<AuditRecord>> ListAsync(Guid? runId, int limit, CancellationToken cancellationToken) =>
        services.Store.ListAuditAsync(runId, limit, cancellationToken);
}
