namespace ClusterWorkflows.Store.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    // A cancelled run that never started may have no ended_at; its last update is when it was cancelled.
    private const string SelectPrunable =
        "SELECT id FROM runs WHERE status IN ('Completed', 'Cancelled') AND coalesce(ended_at, updated_at) < $cutoff " +
        "ORDER BY coalesce(ended_at, updated_at) LIMIT $limit;";

    private const string PruneLogs = "DELETE FROM logs WHERE run_id IN (SELECT value FROM json_each($ids));";

    private const string PruneJournal = "DELETE FROM journal WHERE run_id IN (SELECT value FROM json_each($ids));";

    private const string PruneKeys = "DELETE FROM concurrency_keys WHERE run_id IN (SELECT value FROM json_each($ids));";

    private const string PruneRuns = "DELETE FROM runs WHERE id IN (SELECT value FROM json_each($ids));";

    private const string PruneFires =
        "DELETE FROM schedule_fires WHERE (schedule_id, fire_at) IN " +
        "(SELECT schedule_id, fire_at FROM schedule_fires WHERE fire_at < $cutoff LIMIT $limit);";

    /// <summary>
    /// Fires are a few dozen bytes each, so a batch may take several times as many of them as runs and still be a
    /// short transaction; this keeps the fire history from outgrowing the runs it started.
    /// </summary>
    private const int FiresPerRun = 4;

    public Task<int> PruneRunsAsync(DateTimeOffset endedBefore, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var cutoff = SqliteValues.ToMicros(endedBefore);
        return writer.TransactAsync(
            w =>
            {
                var select = w.Command(SelectPrunable);
                select.Set("$cutoff", cutoff);
                select.Set("$limit", batchSize);
                var ids = new List<string>();
                using (var reader = select.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        ids.Add(reader.GetString(0));
                    }
                }

                var fires = w.Command(PruneFires);
                fires.Set("$cutoff", cutoff);
                fires.Set("$limit", (long)batchSize * FiresPerRun);
                fires.ExecuteNonQuery();
                if (ids.Count == 0)
                {
                    return 0;
                }

                var json = System.Text.Json.JsonSerializer.Serialize<IReadOnlyCollection<string>>(ids, StoreJsonContext.Default.IReadOnlyCollectionString);
                foreach (var sql in new[] { PruneLogs, PruneJournal, PruneKeys })
                {
                    var delete = w.Command(sql);
                    delete.Set("$ids", json);
                    delete.ExecuteNonQuery();
                }

                var runs = w.Command(PruneRuns);
                runs.Set("$ids", json);
                return runs.ExecuteNonQuery();
            },
            cancellationToken);
    }
}
