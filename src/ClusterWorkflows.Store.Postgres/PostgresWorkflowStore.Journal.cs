using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

public sealed partial class PostgresWorkflowStore
{
    // The checkpoint is ONE statement, so one round trip and one implicit transaction: the fence (the run UPDATE,
    // or a row lock when there is no run update) yields the run's row only while the lease holds, and the journal
    // upsert inserts FROM that row — a lost lease writes nothing at all. The row lock also makes a concurrent
    // claim wait for this checkpoint to commit (or this checkpoint see the claim's new epoch and write nothing).
    private const string CheckpointWithRunUpdate =
        FencedRunUpdate + ", written AS (" + JournalRows.InsertColumns + "SELECT " + JournalRows.Values + " FROM fence " +
        JournalRows.OnConflict + ") SELECT seq, revision FROM written";

    private const string CheckpointFenceOnly =
        "WITH fence AS (SELECT id FROM runs WHERE id = @id AND lease_epoch = @epoch AND lease_owner = @owner FOR NO KEY UPDATE), " +
        "written AS (" + JournalRows.InsertColumns + "SELECT " + JournalRows.Values + " FROM fence " + JournalRows.OnConflict + ") " +
        "SELECT seq, revision FROM written";

    private const string SelectJournal = "SELECT " + JournalRows.Columns + " FROM journal WHERE run_id = @run_id ORDER BY seq";

    private const string SelectJournalChanges =
        "SELECT " + JournalRows.Columns + " FROM journal WHERE run_id = @run_id AND revision > @after ORDER BY revision LIMIT @limit";

    // The run's row lock orders this among the run's other journal writes (see JournalRows.OnConflict); each marked
    // record gets its own revision. Records superseded already do not change, so they keep theirs.
    private const string Supersede = """
        WITH run AS (SELECT id FROM runs WHERE id = @run_id FOR NO KEY UPDATE)
        UPDATE journal SET superseded = true, revision = nextval('journal_revision')
        WHERE run_id = (SELECT id FROM run) AND seq >= @from AND NOT superseded
        """;

    public async Task<JournalRecord> CheckpointAsync(
        Lease lease,
        JournalRecord record,
        RunStateUpdate? runUpdate,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(record);
        EnsureSameRun(lease.RunId, record);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var written = await checkpoints.SubmitAsync(new CheckpointBatcher.Request(
            lease.RunId,
            runUpdate is null ? CheckpointFenceOnly : CheckpointWithRunUpdate,
            parameters =>
            {
                BindLease(parameters, lease);
                if (runUpdate is not null)
                {
                    BindRunState(parameters, runUpdate, release: false);
                }

                JournalRows.Bind(parameters, record);
            },
            cancellationToken));
        return written is { } w ? record with { Sequence = w.Sequence, Revision = w.Revision } : throw new LeaseLostException(lease.RunId);
    }

    public Task<JournalRecord> WriteJournalUnleasedAsync(
        JournalRecord record,
        Func<RunRecord, RunRecord>? runChange,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return TransactAsync(
            async (connection, transaction) =>
            {
                var current = await ReadRunForUpdateAsync(connection, transaction, record.RunId, cancellationToken)
                    ?? throw new KeyNotFoundException($"Run {record.RunId} does not exist.");
                if (runChange is not null)
                {
                    await ApplyChangeAsync(connection, transaction, current, runChange, cancellationToken);
                }

                await using var upsert = new NpgsqlCommand(JournalRows.Upsert, connection, transaction);
                JournalRows.Bind(upsert.Parameters, record);
                await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                return record with { Sequence = reader.GetInt64(0), Revision = reader.GetInt64(1) };
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<JournalRecord>> GetJournalAsync(Guid runId, CancellationToken cancellationToken) =>
        await QueryAsync(SelectJournal, p => p.Uuid("run_id", runId), JournalRows.Read, cancellationToken);

    public async Task<IReadOnlyList<JournalRecord>> GetJournalChangesAsync(Guid runId, long afterRevision, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await QueryAsync(
            SelectJournalChanges,
            p =>
            {
                p.Uuid("run_id", runId);
                p.Long("after", afterRevision);
                p.Int("limit", limit);
            },
            JournalRows.Read,
            cancellationToken);
    }

    public Task SupersedeJournalAsync(Guid runId, long fromSequence, CancellationToken cancellationToken) =>
        ExecuteAsync(
            Supersede,
            p =>
            {
                p.Uuid("run_id", runId);
                p.Long("from", fromSequence);
            },
            cancellationToken);

    private static void EnsureSameRun(Guid leasedRun, JournalRecord record)
    {
        if (record.RunId != leasedRun)
        {
            throw new ArgumentException(
                $"The journal record belongs to run {record.RunId} but the lease is on run {leasedRun}.", nameof(record));
        }
    }
}
