using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

public sealed partial class PostgresWorkflowStore
{
    private const string InsertAudit =
        "INSERT INTO audit (ts, actor, action, run_id, step_path, reason, details, source) " +
        "VALUES (@ts, @actor, @action, @run_id, @step_path, @reason, @details, @source)";

    private const string AuditColumns = "seq, ts, actor, action, run_id, step_path, reason, details, source";

    public async Task AppendAuditAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await ExecuteAsync(InsertAudit, p => BindAudit(p, record), cancellationToken);
    }

    private static void BindAudit(NpgsqlParameterCollection p, AuditRecord record)
    {
        p.Time("ts", record.Timestamp);
        p.Text("actor", record.Actor);
        p.Text("action", record.Action);
        p.Uuid("run_id", record.RunId);
        p.Text("step_path", record.StepPath);
        p.Text("reason", record.Reason);
        p.Json("details", record.Details);
        p.Text("source", record.Source);
    }

    /// <summary>The newest <paramref name="limit"/> entries, newest first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ListAuditAsync(Guid? runId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await QueryAsync(
            runId is null
                ? "SELECT " + AuditColumns + " FROM audit ORDER BY seq DESC LIMIT @limit"
                : "SELECT " + AuditColumns + " FROM audit WHERE run_id = @run_id ORDER BY seq DESC LIMIT @limit",
            p =>
            {
                p.Int("limit", limit);
                if (runId is { } id)
                {
                    p.Uuid("run_id", id);
                }
            },
            ReadAudit,
            cancellationToken);
    }

    public async Task<IReadOnlyList<AuditRecord>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit, nameof(query.Limit));

        // Only the filters in use appear in the SQL, so that a run's entries come from ix_audit_run_seq; the
        // others walk the primary key backwards from the newest (or from BeforeSequence) until the page is full.
        var filters = new List<string>(4);
        if (query.RunId is not null)
        {
            filters.Add("run_id = @run_id");
        }

        if (query.Actor is not null)
        {
            filters.Add("actor = @actor");
        }

        if (query.Action is { } action)
        {
            // starts_with compares literally, so '%' and '_' in an action are not wildcards as they would be in LIKE.
            filters.Add(action.EndsWith('.') ? "starts_with(action, @action)" : "action = @action");
        }

        if (query.BeforeSequence is not null)
        {
            filters.Add("seq < @before");
        }

        var sql = "SELECT " + AuditColumns + " FROM audit " +
                  (filters.Count == 0 ? "" : "WHERE " + string.Join(" AND ", filters) + " ") +
                  "ORDER BY seq DESC LIMIT @limit";
        return await QueryAsync(
            sql,
            p =>
            {
                if (query.RunId is { } runId)
                {
                    p.Uuid("run_id", runId);
                }

                if (query.Actor is not null)
                {
                    p.Text("actor", query.Actor);
                }

                if (query.Action is not null)
                {
                    p.Text("action", query.Action);
                }

                if (query.BeforeSequence is { } before)
                {
                    p.Long("before", before);
                }

                p.Int("limit", query.Limit);
            },
            ReadAudit,
            cancellationToken);
    }

    private static AuditRecord ReadAudit(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.Time(1),
        r.GetString(2),
        r.GetString(3),
        r.GuidOrNull(4),
        r.String(5),
        r.String(6),
        r.Json(7),
        r.String(8));
}
