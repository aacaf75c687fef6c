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
        JournalRows.OnConflict + ") SELECT seq FROM written";

    private const string CheckpointFenceOnly =
        "WITH fence AS (SELECT id FROM runs WHERE id = @id AND lease_epoch = @epoch AND lease_owner = @owner FOR NO KEY UPDATE), " +
        "written AS (" + JournalRows.InsertColumns + "SELECT " + JournalRows.Values + " FROM fence " + JournalRows.OnConflict + ") " +
        "SELECT seq FROM written";

    private const string SelectJournal = "SELECT " + JournalRows.Columns + " FROM journal WHERE run_id = @run_id ORDER BY seq";

    private const string Supersede = "UPDATE journal SET superseded = true WHERE run_id = @run_id AND seq >= @from";

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
        var sequence = await checkpoints.SubmitAsync(new CheckpointBatcher.Request(
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
        return sequence is { } seq ? record with { Sequence = seq } : throw new LeaseLostException(lease.RunId);
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
                return record with { Sequence = (long)(await upsert.ExecuteScalarAsync(cancellationToken))! };
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<JournalRecord>> GetJournalAsync(Guid runId, CancellationToken cancellationToken) =>
        await QueryAsync(SelectJournal, p => p.Uuid("run_id", runId), JournalRows.Read, cancellationToken);

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
