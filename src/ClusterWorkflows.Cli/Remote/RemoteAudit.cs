using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Remote;

public sealed class RemoteAudit(ApiClient api) : IAuditBackend
{
    /// <summary>The largest page the server gives.</summary>
    private const int Page = 1000;

    public async Task<IReadOnlyList<AuditRecord>> ListAsync(Guid? runId, int limit, CancellationToken cancellationToken)
    {
        var records = new List<AuditRecord>();
        long? before = null;
        while (records.Count < limit)
        {
            var page = await api.GetAsync(ApiPath.Of("api/audit", ("run", runId), ("limit", Math.Min(Page, limit - records.Count)), ("before", before)), cancellationToken);
            records.AddRange(ViewReader.Items(page?["items"]).Select(ViewReader.Audit));
            if (page?["next"]?.GetValue<long>() is not { } next)
            {
                break;
            }

            before = next;
        }

        return records;
    }
}
