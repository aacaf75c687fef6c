using Microsoft.Data.Sqlite;

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

    private const string InsertAudit =
        "INSERT INTO audit (ts, actor, action, run_id, step_path, reason, details, source) " +
        "VALUES ($ts, $actor, $action, $run_id, $step_path, $reason, $details, $source);";

    private const string AuditColumns = "seq, ts, actor, action, run_id, step_path, reason, details, source";

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

    public Task AppendAuditAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return writer.TransactAsync(
            w =>
            {
                var insert = w.Command(InsertAudit);
                insert.Set("$ts", SqliteValues.ToMicros(record.Timestamp));
                insert.Set("$actor", record.Actor);
                insert.Set("$action", record.Action);
                insert.Set("$run_id", SqliteValues.Db(record.RunId));
                insert.Set("$step_path", SqliteValues.Db(record.StepPath));
                insert.Set("$reason", SqliteValues.Db(record.Reason));
                insert.Set("$details", SqliteValues.Db(record.Details));
                insert.Set("$source", SqliteValues.Db(record.Source));
                insert.ExecuteNonQuery();
            },
            cancellationToken);
    }

    /// <summary>The newest <paramref name="limit"/> entries, newest first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ListAuditAsync(Guid? runId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await QueryAsync(
            runId is null
                ? "SELECT " + AuditColumns + " FROM audit ORDER BY seq DESC LIMIT $limit;"
                : "SELECT " + AuditColumns + " FROM audit WHERE run_id = $run_id ORDER BY seq DESC LIMIT $limit;",
            c =>
            {
                c.Set("$limit", limit);
                if (runId is { } id)
                {
                    c.Set("$run_id", SqliteValues.Db(id));
                }
            },
            ReadAudit,
            cancellationToken);
    }

    private static AuditRecord ReadAudit(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.Time(1),
        r.GetString(2),
        r.GetString(3),
        r.IsDBNull(4) ? null : r.Guid(4),
        r.String(5),
        r.String(6),
        r.Json(7),
        r.String(8));
}
