using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Backends;

/// <summary>The audit log, newest first.</summary>
public interface IAuditBackend
{
    Task<IReadOnlyList<AuditRecord>> ListAsync(Guid? runId, int limit, CancellationToken cancellationToken);
}
