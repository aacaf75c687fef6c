namespace ClusterWorkflows.Store.Postgres;

public sealed partial class PostgresWorkflowStore
{
    // As in the SQLite store, a cancelled run that never started (no ended_at) counts from its last update. The
    // condition is spelled out rather than coalesce(ended_at, updated_at) so that ix_runs_ended serves it: it holds
    // only ended runs, where ix_runs_updated (the live feed's) would walk active ones too.
    // SKIP LOCKED: a run some transaction holds (an operator altering it) is left for the next call instead of
    // blocking retention, and retention never blocks running work. Journal, logs and a stale concurrency key go
    // by ON DELETE CASCADE. Fires are tiny: a batch takes up to FiresPerRun times as many of them.
    private const string PruneRuns = """
        WITH doomed AS (
            SELECT id FROM runs
            WHERE status IN ('Completed', 'Cancelled')
              AND (ended_at < @ended_before OR (ended_at IS NULL AND updated_at < @ended_before))
            ORDER BY coalesce(ended_at, updated_at)
            LIMIT @batch_size
            FOR UPDATE SKIP LOCKED
        ),
        deleted AS (
            DELETE FROM runs WHERE id IN (SELECT id FROM doomed) RETURNING id
        ),
        old_fires AS (
            SELECT schedule_id, fire_at FROM schedule_fires WHERE fire_at < @ended_before
            ORDER BY fire_at
            LIMIT @fire_limit
            FOR UPDATE SKIP LOCKED
        ),
        fires AS (
            DELETE FROM schedule_fires f USING old_fires o WHERE f.schedule_id = o.schedule_id AND f.fire_at = o.fire_at
        )
        SELECT count(*)::int FROM deleted
        """;

    private const int FiresPerRun = 4;

    public async Task<int> PruneRunsAsync(DateTimeOffset endedBefore, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return await QuerySingleValueAsync(
            PruneRuns,
            p =>
            {
                p.Time("ended_before", endedBefore);
                p.Int("batch_size", batchSize);
                p.Long("fire_limit", (long)batchSize * FiresPerRun);
            },
            cancellationToken);
    }
}
