namespace ClusterWorkflows.Store.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string SelectJournal = "SELECT " + JournalRows.Columns + " FROM journal WHERE run_id = $run_id ORDER BY seq;";

    private const string Supersede = "UPDATE journal SET superseded = 1 WHERE run_id = $run_id AND seq >= $from;";

    public Task<JournalRecord> CheckpointAsync(
        Lease lease,
        JournalRecord record,
        RunStateUpdate? runUpdate,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(record);
        EnsureSameRun(lease.RunId, record);
        return writer.TransactAsync(
            w =>
            {
                // Fence first: a lost lease must leave both the journal and the run untouched.
                if (runUpdate is null)
                {
                    CheckFence(w, lease);
                }
                else
                {
                    ApplyFenced(w, lease, runUpdate, release: false);
                }

                return record with { Sequence = JournalRows.Write(w, record) };
            },
            cancellationToken);
    }

    public Task<JournalRecord> WriteJournalUnleasedAsync(
        JournalRecord record,
        Func<RunRecord, RunRecord>? runChange,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return writer.TransactAsync(
            w =>
            {
                var current = ReadRun(w, record.RunId) ?? throw new KeyNotFoundException($"Run {record.RunId} does not exist.");
                if (runChange is not null)
                {
                    ApplyChange(w, current, runChange);
                }

                return record with { Sequence = JournalRows.Write(w, record) };
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<JournalRecord>> GetJournalAsync(Guid runId, CancellationToken cancellationToken) =>
        await QueryAsync(SelectJournal, c => c.Set("$run_id", SqliteValues.Db(runId)), JournalRows.Read, cancellationToken);

    public Task SupersedeJournalAsync(Guid runId, long fromSequence, CancellationToken cancellationToken) =>
        writer.TransactAsync(
            w =>
            {
                var command = w.Command(Supersede);
                command.Set("$run_id", SqliteValues.Db(runId));
                command.Set("$from", fromSequence);
                command.ExecuteNonQuery();
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
