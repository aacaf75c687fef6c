using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

public sealed partial class PostgresWorkflowStore
{
    public Task<RunRecord> DecideAsync(
        Guid runId,
        Func<RunRecord, IReadOnlyList<JournalRecord>, RunDecision> decide,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        return TransactAsync(
            async (connection, transaction) =>
            {
                // The row lock comes first: every journal write of the run takes it, so the journal read next is the
                // one the decision is about until this transaction commits.
                var current = await ReadRunForUpdateAsync(connection, transaction, runId, cancellationToken)
                    ?? throw new KeyNotFoundException($"Run {runId} does not exist.");
                var decision = decide(current, await ReadJournalAsync(connection, transaction, runId, cancellationToken));
                HeldRuns.ThrowIfHeld(current, options.TimeProvider.GetUtcNow(), decision.EvenIfLeased);
                var result = current;
                if (decision.Run is { } next)
                {
                    result = await ApplyChangeAsync(connection, transaction, current, _ => next, cancellationToken);
                }

                foreach (var record in decision.Journal)
                {
                    EnsureSameRun(runId, record);
                    await using var upsert = new NpgsqlCommand(JournalRows.Upsert, connection, transaction);
                    JournalRows.Bind(upsert.Parameters, record);
                    await upsert.ExecuteNonQueryAsync(cancellationToken);
                }

                await using var audit = new NpgsqlCommand(InsertAudit, connection, transaction);
                BindAudit(audit.Parameters, decision.Audit);
                await audit.ExecuteNonQueryAsync(cancellationToken);
                return result;
            },
            cancellationToken);
    }

    private static async Task<List<JournalRecord>> ReadJournalAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid runId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SelectJournal, connection, transaction);
        command.Parameters.Uuid("run_id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<JournalRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(JournalRows.Read(reader));
        }

        return records;
    }
}
