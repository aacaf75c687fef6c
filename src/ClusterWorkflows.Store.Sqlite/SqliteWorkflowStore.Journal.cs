namespace ClusterWorkflows.Store.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string SelectJournal = "SELECT " + JournalRows.Columns + " FROM journal WHERE run_id = $run_id ORDER BY seq;";

    private const string SelectJournalChanges =
        "SELECT " + JournalRows.Columns + " FROM journal WHERE run_id = $run_id AND revision > $after ORDER BY revision LIMIT $limit;";

    // Records superseded already do not change, so they keep their revision.
    private const string CountSupersedable =
        "SELECT count(*) FROM journal WHERE run_id = $run_id AND seq >= $from AND superseded = 0;";

    // Each marked record gets its own revision ($first, $first + 1, ... in sequence order), so that a reader
    // paging through changes never has to split one revision between two pages.
    private const string Supersede = """
        UPDATE journal SET superseded = 1, revision = $first + marked.n - 1
        FROM (SELECT seq AS marked_seq, row_number() OVER (ORDER BY seq) AS n FROM journal
              WHERE run_id = $run_id AND seq >= $from AND superseded = 0) AS marked
        WHERE journal.seq = marked.marked_seq;
        """;

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

                return JournalRows.Write(w, record);
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

                return JournalRows.Write(w, record);
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<JournalRecord>> GetJournalAsync(Guid runId, CancellationToken cancellationToken) =>
        await QueryAsync(SelectJournal, c => c.Set("$run_id", SqliteValues.Db(runId)), JournalRows.Read, cancellationToken);

    public async Task<IReadOnlyList<JournalRecord>> GetJournalChangesAsync(Guid runId, long afterRevision, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await QueryAsync(
            SelectJournalChanges,
            c =>
            {
                c.Set("$run_id", SqliteValues.Db(runId));
                c.Set("$after", afterRevision);
                c.Set("$limit", limit);
            },
            JournalRows.Read,
            cancellationToken);
    }

    public Task SupersedeJournalAsync(Guid runId, long fromSequence, CancellationToken cancellationToken) =>
        writer.TransactAsync(
            w =>
            {
                var count = w.Command(CountSupersedable);
                count.Set("$run_id", SqliteValues.Db(runId));
                count.Set("$from", fromSequence);
                var marked = Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                if (marked == 0)
                {
                    return;
                }

                var command = w.Command(Supersede);
                command.Set("$run_id", SqliteValues.Db(runId));
                command.Set("$from", fromSequence);
                command.Set("$first", JournalRows.Reserve(w, marked) - marked + 1);
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
