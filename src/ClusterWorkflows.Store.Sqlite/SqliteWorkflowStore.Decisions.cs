namespace ClusterWorkflows.Store.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    public Task<RunRecord> DecideAsync(
        Guid runId,
        Func<RunRecord, IReadOnlyList<JournalRecord>, RunDecision> decide,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        return writer.TransactAsync(
            w =>
            {
                // BEGIN IMMEDIATE holds the write lock already: what decide reads cannot change before the writes below.
                var current = ReadRun(w, runId) ?? throw new KeyNotFoundException($"Run {runId} does not exist.");
                var decision = decide(current, ReadJournal(w, runId));
                HeldRuns.ThrowIfHeld(current, options.TimeProvider.GetUtcNow(), decision.EvenIfLeased);
                if (decision.Run is { } next)
                {
                    ApplyChange(w, current, _ => next);
                }

                foreach (var record in decision.Journal)
                {
                    EnsureSameRun(runId, record);
                    JournalRows.Write(w, record);
                }

                InsertAuditRow(w, decision.Audit);
                return ReadRun(w, runId)!;
            },
            cancellationToken);
    }

    private static List<JournalRecord> ReadJournal(WriteConnection w, Guid runId)
    {
        var command = w.Command(SelectJournal);
        command.Set("$run_id", SqliteValues.Db(runId));
        using var reader = command.ExecuteReader();
        var records = new List<JournalRecord>();
        while (reader.Read())
        {
            records.Add(JournalRows.Read(reader));
        }

        return records;
    }
}
