using System.Text.Json.Nodes;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Retention;

/// <summary>
/// Deletes finished history: runs that completed or were cancelled longer ago than the retention, with their journal
/// and logs (and old schedule fire records). Active, waiting and faulted runs are never touched; audit entries stay.
/// Works in short batches so that workers writing at the same time barely notice.
/// </summary>
public sealed class RunRetention(EngineServices services)
{
    /// <summary>How long finished runs are kept by default.</summary>
    public static readonly TimeSpan DefaultKeep = TimeSpan.FromDays(30);

    public const int DefaultBatchSize = 500;

    /// <summary>Audit actor when none is given (a worker pruning on its own).</summary>
    public const string Actor = "retention";

    public Task<int> PruneAsync(TimeSpan keep, int batchSize, CancellationToken cancellationToken) =>
        PruneAsync(keep, batchSize, Actor, cancellationToken);

    /// <summary>
    /// Deletes runs that ended more than <paramref name="keep"/> ago, <paramref name="batchSize"/> per transaction,
    /// until none is left. Returns how many; audits one <c>runs.prune</c> entry when any was deleted.
    /// </summary>
    public async Task<int> PruneAsync(TimeSpan keep, int batchSize, string actor, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(keep, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var now = services.Time.GetUtcNow();
        var cutoff = now - keep;
        var total = 0;
        int deleted;
        while ((deleted = await services.Store.PruneRunsAsync(cutoff, batchSize, cancellationToken)) > 0)
        {
            total += deleted;

            // Let other writers in between two batches.
            await Task.Yield();
        }

        if (total > 0)
        {
            await services.Store.AppendAuditAsync(
                new AuditRecord(0, services.Time.GetUtcNow(), actor, "runs.prune", null, null, $"{total} run(s) ended before {cutoff:u}",
                    new JsonObject { ["count"] = total, ["endedBefore"] = cutoff, ["keep"] = Sdk.Duration.Format(keep), ["batchSize"] = batchSize }, Environment.MachineName),
                cancellationToken);
        }

        return total;
    }
}
