using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

public sealed partial class PostgresWorkflowStore
{
    public async Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await OpenAsync(cancellationToken);
        await InsertRunAsync(connection, null, run, cancellationToken);
    }

    public Task<RunRecord?> GetRunAsync(Guid runId, CancellationToken cancellationToken) =>
        QuerySingleAsync(RunRows.SelectById, p => p.Uuid("id", runId), RunRows.Read, cancellationToken);

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit, nameof(query.Limit));
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset, nameof(query.Offset));

        // Only the filters in use appear in the SQL, so each combination gets a plan that uses its index
        // (an "@x IS NULL OR col = @x" term would push generic plans to scan every run).
        var filters = new List<string>(4);
        if (query.Status is not null)
        {
            filters.Add("status = @status");
        }

        if (query.DefinitionId is not null)
        {
            filters.Add("definition_id = @definition_id");
        }

        if (query.TriggeredBy is not null)
        {
            filters.Add("triggered_by = @triggered_by");
        }

        if (query.ActiveOnly)
        {
            filters.Add("status NOT IN ('Completed', 'Cancelled')");
        }

        var sql = "SELECT " + RunRows.Columns + " FROM runs " +
                  (filters.Count == 0 ? "" : "WHERE " + string.Join(" AND ", filters) + " ") +
                  "ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset";
        return await QueryAsync(
            sql,
            p =>
            {
                if (query.Status is { } status)
                {
                    p.Text("status", StatusNames.Db(status));
                }

                if (query.DefinitionId is not null)
                {
                    p.Text("definition_id", query.DefinitionId);
                }

                if (query.TriggeredBy is not null)
                {
                    p.Text("triggered_by", query.TriggeredBy);
                }

                p.Int("limit", query.Limit);
                p.Int("offset", query.Offset);
            },
            RunRows.Read,
            cancellationToken);
    }

    public Task<RunRecord> AlterRunAsync(
        Guid runId,
        Func<RunRecord, RunRecord> change,
        bool evenIfLeased,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return TransactAsync(
            async (connection, transaction) =>
            {
                var current = await ReadRunForUpdateAsync(connection, transaction, runId, cancellationToken)
                    ?? throw new KeyNotFoundException($"Run {runId} does not exist.");
                if (!evenIfLeased && current.LeaseOwner is { } owner && current.LeaseExpiresAt > options.TimeProvider.GetUtcNow())
                {
                    throw new InvalidOperationException(
                        $"Run {runId} is held by worker '{owner}' until {current.LeaseExpiresAt:O}; " +
                        "wait for the worker to release it (or the lease to expire) before changing it.");
                }

                return await ApplyChangeAsync(connection, transaction, current, change, cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>Inserts a run; a duplicate id is the same InvalidOperationException the SQLite store throws.</summary>
    private static async Task InsertRunAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, RunRecord run, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(RunRows.Insert, connection, transaction);
        RunRows.Bind(insert.Parameters, run);
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "runs_pkey")
        {
            throw new InvalidOperationException($"Run {run.Id} already exists.", e);
        }
    }

    /// <summary>Writes an operator's change of a locked run inside the caller's transaction; returns the stored row.</summary>
    private static async Task<RunRecord> ApplyChangeAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        RunRecord current,
        Func<RunRecord, RunRecord> change,
        CancellationToken cancellationToken)
    {
        var next = change(current) ?? throw new InvalidOperationException($"The change of run {current.Id} returned no run.");
        if (next.Id != current.Id || next.DefinitionId != current.DefinitionId ||
            next.DefinitionVersion != current.DefinitionVersion || next.CreatedAt != current.CreatedAt ||
            next.ConcurrencyKey != current.ConcurrencyKey)
        {
            throw new InvalidOperationException(
                $"The change of run {current.Id} altered its identity (id, definition, creation time or concurrency key), which is immutable.");
        }

        await using var update = new NpgsqlCommand(UpdateMutableReturning, connection, transaction);
        RunRows.Bind(update.Parameters, next);
        update.Parameters.RemoveAt("triggered_by");
        RunRecord stored;
        await using (var reader = await update.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            stored = RunRows.Read(reader);
        }

        if (next.Status.IsTerminal())
        {
            await ReleaseConcurrencyKeyAsync(connection, transaction, current.Id, cancellationToken);
        }

        return stored;
    }

    private const string UpdateMutableReturning = RunRows.UpdateMutable + " RETURNING " + RunRows.Columns;

    private const string ReleaseKey =
        "DELETE FROM concurrency_keys WHERE key = (SELECT concurrency_key FROM runs WHERE id = @id) AND run_id = @id";

    /// <summary>Frees the concurrency key a run holds (terminal runs).</summary>
    private static async Task ReleaseConcurrencyKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid runId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ReleaseKey, connection, transaction);
        command.Parameters.Uuid("id", runId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
