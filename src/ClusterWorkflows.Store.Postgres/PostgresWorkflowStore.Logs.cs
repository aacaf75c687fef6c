using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

public sealed partial class PostgresWorkflowStore
{
    // Readers tail a run's log with "seq > last seen". Sequence numbers are handed out before commit, so two
    // concurrent appends for one run could commit out of order and a tailing reader would skip the earlier one;
    // a per-run transaction lock taken before the numbers are drawn makes commit order equal seq order per run.
    // Locks are taken in run-id order so that two batches spanning the same runs cannot deadlock.
    private const string LockRunLogs =
        "SELECT pg_advisory_xact_lock(1668834160, hashtext(r::text)) FROM (SELECT DISTINCT r FROM unnest(@run_ids) r ORDER BY r) runs_in_batch";

    // One statement for the whole batch; WITH ORDINALITY keeps the lines in the order given.
    private const string InsertLogs = """
        INSERT INTO logs (run_id, step_path, attempt, ts, level, text)
        SELECT run_id, step_path, attempt, ts, level, text
        FROM unnest(@run_ids, @step_paths, @attempts, @timestamps, @levels, @texts)
            WITH ORDINALITY AS l (run_id, step_path, attempt, ts, level, text, n)
        ORDER BY n
        """;

    private const string LogColumns = "seq, run_id, step_path, attempt, ts, level, text";

    private const string SelectLogs =
        "SELECT " + LogColumns + " FROM logs WHERE run_id = @run_id AND seq > @after ORDER BY seq LIMIT @limit";

    // A step's children are "path/child" and its forEach items "path[key]"; "pathX" is a sibling, not a child.
    // starts_with compares literally, so '%' and '_' in a path are not wildcards.
    private const string SelectStepLogs =
        "SELECT " + LogColumns + " FROM logs WHERE run_id = @run_id AND seq > @after " +
        "AND (step_path = @path OR starts_with(step_path, @path || '/') OR starts_with(step_path, @path || '[')) " +
        "ORDER BY seq LIMIT @limit";

    public async Task AppendLogsAsync(IReadOnlyList<LogLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return;
        }

        var runIds = new Guid[lines.Count];
        var paths = new string[lines.Count];
        var attempts = new int[lines.Count];
        var timestamps = new DateTime[lines.Count];
        var levels = new string[lines.Count];
        var texts = new string[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            runIds[i] = line.RunId;
            paths[i] = PgValues.WithoutNul(line.StepPath);
            attempts[i] = line.Attempt;
            timestamps[i] = PgValues.Utc(line.Timestamp);
            levels[i] = PgValues.WithoutNul(line.Level);
            texts[i] = PgValues.WithoutNul(line.Text);
        }

        // A batch without an explicit transaction is one implicit transaction in one round trip: the locks
        // are held until the inserts commit.
        await using var connection = await OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var lockRuns = new NpgsqlBatchCommand(LockRunLogs);
        lockRuns.Parameters.Add(new NpgsqlParameter<Guid[]>("run_ids", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid) { TypedValue = runIds });
        batch.BatchCommands.Add(lockRuns);
        var insert = new NpgsqlBatchCommand(InsertLogs);
        insert.Parameters.Add(new NpgsqlParameter<Guid[]>("run_ids", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid) { TypedValue = runIds });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("step_paths", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = paths });
        insert.Parameters.Add(new NpgsqlParameter<int[]>("attempts", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer) { TypedValue = attempts });
        insert.Parameters.Add(new NpgsqlParameter<DateTime[]>("timestamps", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = timestamps });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("levels", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = levels });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("texts", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = texts });
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LogLine>> GetLogsAsync(
        Guid runId,
        string? stepPath,
        long afterSequence,
        int limit,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await QueryAsync(
            stepPath is null ? SelectLogs : SelectStepLogs,
            p =>
            {
                p.Uuid("run_id", runId);
                p.Long("after", afterSequence);
                p.Int("limit", limit);
                if (stepPath is not null)
                {
                    p.Text("path", stepPath);
                }
            },
            r => new LogLine(r.GetInt64(0), r.GetGuid(1), r.GetString(2), r.GetInt32(3), r.Time(4), r.GetString(5), r.GetString(6)),
            cancellationToken);
    }
}
