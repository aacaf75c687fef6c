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

    public Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return writer.TransactAsync(
            w =>
            {
                var insert = w.Command(RunRows.Insert);
                RunRows.Bind(insert, run);
                try
                {
                    insert.ExecuteNonQuery();
                }
                catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteErrorCodes.ConstraintPrimaryKey)
                {
                    throw new InvalidOperationException($"Run {run.Id} already exists.", e);
                }
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
                if (!evenIfLeased && current.LeaseOwner is { } owner && current.LeaseExpiresAt > options.TimeProvider.GetUtcNow())
                {
                    throw new InvalidOperationException(
                        $"Run {runId} is held by worker '{owner}' until {current.LeaseExpiresAt:O}; " +
                        "wait for the worker to release it (or the lease to expire) before changing it.");
                }

                ApplyChange(w, current, change);
                return ReadRun(w, runId)!;
            },
            cancellationToken);
    }

    /// <summary>Writes an operator's change of a run inside the caller's transaction.</summary>
    private static void ApplyChange(WriteConnection w, RunRecord current, Func<RunRecord, RunRecord> change)
    {
        var next = change(current) ?? throw new InvalidOperationException($"The change of run {current.Id} returned no run.");
        if (next.Id != current.Id || next.DefinitionId != current.DefinitionId ||
            next.DefinitionVersion != current.DefinitionVersion || next.CreatedAt != current.CreatedAt ||
            next.ConcurrencyKey != current.ConcurrencyKey)
        {
            throw new InvalidOperationException(
                $"The change of run {current.Id} altered its identity (id, definition, creation time or concurrency key), which is immutable.");
        }

        var update = w.Command(RunRows.UpdateMutable);
        RunRows.Bind(update, next);
        update.ExecuteNonQuery();
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
}
