namespace ClusterWorkflows.Store.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string InsertLog =
        "INSERT INTO logs (run_id, step_path, attempt, ts, level, text) VALUES ($run_id, $step_path, $attempt, $ts, $level, $text);";

    private const string SelectLogs =
        "SELECT seq, run_id, step_path, attempt, ts, level, text FROM logs " +
        "WHERE run_id = $run_id AND seq > $after ORDER BY seq LIMIT $limit;";

    // A step's children are "path/child" and its forEach items "path[key]"; "pathX" is a sibling, not a child.
    private const string SelectStepLogs =
        "SELECT seq, run_id, step_path, attempt, ts, level, text FROM logs " +
        "WHERE run_id = $run_id AND seq > $after " +
        "AND (step_path = $path OR substr(step_path, 1, length($path) + 1) IN ($path || '/', $path || '[')) " +
        "ORDER BY seq LIMIT $limit;";

    public Task AppendLogsAsync(IReadOnlyList<LogLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return Task.CompletedTask;
        }

        return writer.TransactAsync(
            w =>
            {
                foreach (var line in lines)
                {
                    var insert = w.Command(InsertLog);
                    insert.Set("$run_id", SqliteValues.Db(line.RunId));
                    insert.Set("$step_path", line.StepPath);
                    insert.Set("$attempt", line.Attempt);
                    insert.Set("$ts", SqliteValues.ToMicros(line.Timestamp));
                    insert.Set("$level", line.Level);
                    insert.Set("$text", line.Text);
                    insert.ExecuteNonQuery();
                }
            },
            cancellationToken);
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
            c =>
            {
                c.Set("$run_id", SqliteValues.Db(runId));
                c.Set("$after", afterSequence);
                c.Set("$limit", limit);
                if (stepPath is not null)
                {
                    c.Set("$path", stepPath);
                }
            },
            r => new LogLine(r.GetInt64(0), r.Guid(1), r.GetString(2), r.GetInt32(3), r.Time(4), r.GetString(5), r.GetString(6)),
            cancellationToken);
    }
}
