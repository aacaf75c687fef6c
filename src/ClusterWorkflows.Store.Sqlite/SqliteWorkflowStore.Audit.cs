using Microsoft.Data.Sqlite;

namespace ClusterWorkflows.Store.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string InsertAudit =
        "INSERT INTO audit (ts, actor, action, run_id, step_path, reason, details, source) " +
        "VALUES ($ts, $actor, $action, $run_id, $step_path, $reason, $details, $source);";

    private const string AuditColumns = "seq, ts, actor, action, run_id, step_path, reason, details, source";

    // substr compares literally, so '%' and '_' in an action prefix are not wildcards as they would be in LIKE.
    private const string AuditFilter =
        "($actor IS NULL OR actor = $actor) AND ($action IS NULL OR action = $action) " +
        "AND ($action_prefix IS NULL OR substr(action, 1, length($action_prefix)) = $action_prefix) " +
        "AND seq < $before ";

    // Newest first: the primary key walked backwards from $before (a plain range, no "IS NULL OR") until the page is full.
    private const string QueryAuditAll =
        "SELECT " + AuditColumns + " FROM audit WHERE " + AuditFilter + "ORDER BY seq DESC LIMIT $limit;";

    // A plain equality (no "IS NULL OR") lets SQLite use ix_audit_run_seq.
    private const string QueryAuditOfRun =
        "SELECT " + AuditColumns + " FROM audit WHERE run_id = $run_id AND " + AuditFilter + "ORDER BY seq DESC LIMIT $limit;";

    public Task AppendAuditAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return writer.TransactAsync(w => InsertAuditRow(w, record), cancellationToken);
    }

    /// <summary>Inserts an audit entry inside the caller's transaction.</summary>
    private static void InsertAuditRow(WriteConnection w, AuditRecord record)
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

    public async Task<IReadOnlyList<AuditRecord>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit, nameof(query.Limit));
        var prefix = query.Action?.EndsWith('.') == true;
        return await QueryAsync(
            query.RunId is null ? QueryAuditAll : QueryAuditOfRun,
            c =>
            {
                c.Set("$run_id", SqliteValues.Db(query.RunId));
                c.Set("$actor", SqliteValues.Db(query.Actor));
                c.Set("$action", SqliteValues.Db(prefix ? null : query.Action));
                c.Set("$action_prefix", SqliteValues.Db(prefix ? query.Action : null));
                c.Set("$before", query.BeforeSequence ?? long.MaxValue);
                c.Set("$limit", query.Limit);
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
