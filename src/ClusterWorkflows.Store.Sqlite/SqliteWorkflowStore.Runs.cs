using Microsoft.Data.Sqlite;

namespace ClusterWorkflows.Store.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string ListRunsFilter =
        "($status IS NULL OR status = $status) AND ($definition_id IS NULL OR definition_id = $definition_id) " +
        "AND ($active_only = 0 OR status NOT IN ('Completed', 'Cancelled')) ";

    private const string ListRuns =
        "SELECT " + RunRows.Columns + " FROM runs WHERE " + ListRunsFilter +
        "ORDER BY created_at DESC, id DESC LIMIT $limit OFFSET $offset;";

    // A plain equality (no "IS NULL OR") lets SQLite use ix_runs_triggered_by: the scheduler asks this on every fire.
    private const string ListRunsByTrigger =
        "SELECT " + RunRows.Columns + " FROM runs WHERE triggered_by = $triggered_by AND " + ListRunsFilter +
        "ORDER BY created_at DESC, id DESC LIMIT $limit OFFSET $offset;";

    private const string ListRunsChangedSince =
        "SELECT " + RunRows.Columns + " FROM runs WHERE updated_at >= $since ORDER BY updated_at, id LIMIT $limit;";

    private const string SelectActiveByDedupKey =
        "SELECT " + RunRows.Columns + " FROM runs WHERE dedup_key = $dedup_key AND status NOT IN ('Completed', 'Cancelled');";

    public Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return writer.TransactAsync(w => InsertRun(w, run), cancellationToken);
    }

    public Task<RunRecord?> CreateRunUnlessActiveAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return writer.TransactAsync<RunRecord?>(
            w =>
            {
                if (TryInsertRun(w, run))
                {
                    return null;
                }

                // The failed statement left the transaction open, and the write lock keeps the holder as it is.
                var select = w.Command(SelectActiveByDedupKey);
                select.Set("$dedup_key", run.DedupKey!);
                using var reader = select.ExecuteReader();
                return reader.Read() ? RunRows.Read(reader) : throw new InvalidOperationException(
                    $"Run {run.Id} was refused for dedup key '{run.DedupKey}' but no active run holds the key.");
            },
            cancellationToken);
    }

    public Task<RunRecord?> GetRunAsync(Guid runId, CancellationToken cancellationToken) =>
        QuerySingleAsync(RunRows.SelectById, c => c.Set("$id", SqliteValues.Db(runId)), RunRows.Read, cancellationToken);

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit, nameof(query.Limit));
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset, nameof(query.Offset));
        return await QueryAsync(
            query.TriggeredBy is null ? ListRuns : ListRunsByTrigger,
            c =>
            {
                c.Set("$status", StatusNames.Db(query.Status));
                c.Set("$definition_id", SqliteValues.Db(query.DefinitionId));
                if (query.TriggeredBy is { } trigger)
                {
                    c.Set("$triggered_by", trigger);
                }

                c.Set("$active_only", SqliteValues.Db(query.ActiveOnly));
                c.Set("$limit", query.Limit);
                c.Set("$offset", query.Offset);
            },
            RunRows.Read,
            cancellationToken);
    }

    public async Task<IReadOnlyList<RunRecord>> ListRunsChangedSinceAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await QueryAsync(
            ListRunsChangedSince,
            c =>
            {
                c.Set("$since", SqliteValues.ToMicros(since));
                c.Set("$limit", limit);
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
        return writer.TransactAsync(
            w =>
            {
                var current = ReadRun(w, runId) ?? throw new KeyNotFoundException($"Run {runId} does not exist.");
                HeldRuns.ThrowIfHeld(current, options.TimeProvider.GetUtcNow(), evenIfLeased);
                ApplyChange(w, current, change);
                return ReadRun(w, runId)!;
            },
            cancellationToken);
    }

    /// <summary>Inserts a run inside the caller's transaction; throws when its id exists or an active run holds its dedup key.</summary>
    private static void InsertRun(WriteConnection w, RunRecord run)
    {
        if (!TryInsertRun(w, run))
        {
            throw DedupKeyTaken(run);
        }
    }

    /// <summary>Inserts a run inside the caller's transaction; false when an active run holds its dedup key.</summary>
    private static bool TryInsertRun(WriteConnection w, RunRecord run)
    {
        var insert = w.Command(RunRows.Insert);
        RunRows.Bind(insert, run);
        try
        {
            insert.ExecuteNonQuery();
            return true;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteErrorCodes.ConstraintPrimaryKey)
        {
            throw new InvalidOperationException($"Run {run.Id} already exists.", e);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteErrorCodes.ConstraintUnique)
        {
            // ux_runs_dedup_key is the only unique index of runs besides the primary key.
            return false;
        }
    }

    private static InvalidOperationException DedupKeyTaken(RunRecord run, Exception? inner = null) =>
        new($"Run {run.Id} cannot be active: another active run has the dedup key '{run.DedupKey}'.", inner);

    /// <summary>Writes an operator's change of a run inside the caller's transaction.</summary>
    private static void ApplyChange(WriteConnection w, RunRecord current, Func<RunRecord, RunRecord> change)
    {
        var next = change(current) ?? throw new InvalidOperationException($"The change of run {current.Id} returned no run.");
        if (next.Id != current.Id || next.DefinitionId != current.DefinitionId ||
            next.DefinitionVersion != current.DefinitionVersion || next.CreatedAt != current.CreatedAt ||
            next.ConcurrencyKey != current.ConcurrencyKey || next.DedupKey != current.DedupKey)
        {
            throw new InvalidOperationException(
                $"The change of run {current.Id} altered its identity (id, definition, creation time, concurrency key or dedup key), which is immutable.");
        }

        var update = w.Command(RunRows.UpdateMutable);
        RunRows.Bind(update, next);
        try
        {
            update.ExecuteNonQuery();
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteErrorCodes.ConstraintUnique)
        {
            // An ended run made active again while a newer run holds its dedup key.
            throw DedupKeyTaken(next, e);
        }

        if (next.Status.IsTerminal())
        {
            ReleaseConcurrencyKey(w, current.Id);
        }
    }
}

/// <summary>The SQLite result codes this store reacts to.</summary>
internal static class SqliteErrorCodes
{
    public const int Busy = 5;

    /// <summary>SQLITE_CONSTRAINT_PRIMARYKEY.</summary>
    public const int ConstraintPrimaryKey = 1555;

    /// <summary>SQLITE_CONSTRAINT_UNIQUE: a unique index other than the primary key.</summary>
    public const int ConstraintUnique = 2067;
}
