using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

public sealed partial class PostgresWorkflowStore
{
    private const string DedupKeyIndex = "ux_runs_dedup_key";

    // ON CONFLICT rather than catching the unique violation: a replayed webhook is routine and should not leave an
    // ERROR in the server log each time. The WHERE clause names the partial index ux_runs_dedup_key.
    private const string InsertRunUnlessActive =
        RunRows.Insert + " ON CONFLICT (dedup_key) WHERE dedup_key IS NOT NULL AND status NOT IN ('Completed', 'Cancelled') DO NOTHING";

    private const string SelectActiveByDedupKey =
        "SELECT " + RunRows.Columns + " FROM runs WHERE dedup_key = @dedup_key AND status NOT IN ('Completed', 'Cancelled')";

    private const string ListRunsChangedSince =
        "SELECT " + RunRows.Columns + " FROM runs WHERE updated_at >= @since ORDER BY updated_at, id LIMIT @limit";

    /// <summary>How often a deduplicated creation retries when the run holding its key ends between its two statements.</summary>
    private const int DedupAttempts = 16;

    public async Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await OpenAsync(cancellationToken);
        await InsertRunAsync(connection, null, RunRows.Insert, run, cancellationToken);
    }

    public async Task<RunRecord?> CreateRunUnlessActiveAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await OpenAsync(cancellationToken);
        for (var attempt = 0; attempt < DedupAttempts; attempt++)
        {
            // A concurrent insert of the same key makes this one wait for its commit, then do nothing. Each statement
            // is its own transaction, so the SELECT's snapshot then sees the winner.
            if (await InsertRunAsync(connection, null, InsertRunUnlessActive, run, cancellationToken))
            {
                return null;
            }

            await using var select = new NpgsqlCommand(SelectActiveByDedupKey, connection);
            select.Parameters.Text("dedup_key", run.DedupKey);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return RunRows.Read(reader);
            }
        }

        throw new InvalidOperationException(
            $"Run {run.Id} was not created: runs with the dedup key '{run.DedupKey}' kept ending and starting ({DedupAttempts} attempts).");
    }

    public async Task<IReadOnlyList<RunRecord>> ListRunsChangedSinceAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await QueryAsync(
            ListRunsChangedSince,
            p =>
            {
                p.Time("since", since);
                p.Int("limit", limit);
            },
            RunRows.Read,
            cancellationToken);
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
                HeldRuns.ThrowIfHeld(current, options.TimeProvider.GetUtcNow(), evenIfLeased);
                return await ApplyChangeAsync(connection, transaction, current, change, cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>
    /// Inserts a run with <paramref name="sql"/> (an INSERT of <see cref="RunRows"/>); false when it inserted nothing.
    /// A duplicate id, or an active run holding its dedup key, is the same InvalidOperationException the SQLite store throws.
    /// </summary>
    private static async Task<bool> InsertRunAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string sql,
        RunRecord run,
        CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(sql, connection, transaction);
        RunRows.Bind(insert.Parameters, run);
        try
        {
            return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "runs_pkey")
        {
            throw new InvalidOperationException($"Run {run.Id} already exists.", e);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == DedupKeyIndex)
        {
            throw DedupKeyTaken(run, e);
        }
    }

    private static InvalidOperationException DedupKeyTaken(RunRecord run, Exception inner) =>
        new($"Run {run.Id} cannot be active: another active run has the dedup key '{run.DedupKey}'.", inner);

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
            next.ConcurrencyKey != current.ConcurrencyKey || next.DedupKey != current.DedupKey)
        {
            throw new InvalidOperationException(
                $"The change of run {current.Id} altered its identity (id, definition, creation time, concurrency key or dedup key), which is immutable.");
        }

        await using var update = new NpgsqlCommand(UpdateMutableReturning, connection, transaction);
        RunRows.Bind(update.Parameters, next);
        update.Parameters.RemoveAt("triggered_by");
        update.Parameters.RemoveAt("dedup_key");
        RunRecord stored;
        try
        {
            await using var reader = await update.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            stored = RunRows.Read(reader);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == DedupKeyIndex)
        {
            // An ended run made active again while a newer run holds its dedup key.
            throw DedupKeyTaken(next, e);
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
