using Microsoft.Data.Sqlite;

namespace ClusterWorkflows.Store.Sqlite;

/// <summary>Maps <see cref="JournalRecord"/> to the journal table.</summary>
internal static class JournalRows
{
    public const string Columns =
        "seq, run_id, step_path, step_id, item_key, attempt, status, started_at, ended_at, inputs, outputs, variables, " +
        "changed, error_code, error_message, error_retryable, handled, superseded, due_at, bookmark, worker_id, revision";

    /// <summary>
    /// Insert-or-replace by (run, path, attempt). The sequence of a replaced record stays the one it got first,
    /// so the journal keeps the order in which attempts started; its revision is the new one.
    /// </summary>
    public const string Upsert = """
        INSERT INTO journal (run_id, step_path, step_id, item_key, attempt, status, started_at, ended_at, inputs,
            outputs, variables, changed, error_code, error_message, error_retryable, handled, superseded, due_at,
            bookmark, worker_id, revision)
        VALUES ($run_id, $step_path, $step_id, $item_key, $attempt, $status, $started_at, $ended_at, $inputs,
            $outputs, $variables, $changed, $error_code, $error_message, $error_retryable, $handled, $superseded, $due_at,
            $bookmark, $worker_id, $revision)
        ON CONFLICT (run_id, step_path, attempt) DO UPDATE SET
            step_id = excluded.step_id, item_key = excluded.item_key, status = excluded.status,
            started_at = excluded.started_at, ended_at = excluded.ended_at, inputs = excluded.inputs,
            outputs = excluded.outputs, variables = excluded.variables, changed = excluded.changed,
            error_code = excluded.error_code, error_message = excluded.error_message,
            error_retryable = excluded.error_retryable, handled = excluded.handled, superseded = excluded.superseded,
            due_at = excluded.due_at, bookmark = excluded.bookmark, worker_id = excluded.worker_id,
            revision = excluded.revision
        RETURNING seq;
        """;

    // Writers are serialised (BEGIN IMMEDIATE), so a reserved range is never handed out twice.
    private const string TakeRevisions = "UPDATE journal_revision SET last = last + $count RETURNING last;";

    /// <summary>Writes the record inside the caller's transaction; returns it with its sequence and new revision.</summary>
    public static JournalRecord Write(WriteConnection w, JournalRecord record)
    {
        var revision = Reserve(w, 1);
        var c = w.Command(Upsert);
        c.Set("$run_id", SqliteValues.Db(record.RunId));
        c.Set("$step_path", record.StepPath);
        c.Set("$step_id", record.StepId);
        c.Set("$item_key", SqliteValues.Db(record.ItemKey));
        c.Set("$attempt", record.Attempt);
        c.Set("$status", StatusNames.Db(record.Status));
        c.Set("$started_at", SqliteValues.ToMicros(record.StartedAt));
        c.Set("$ended_at", SqliteValues.Db(record.EndedAt));
        c.Set("$inputs", SqliteValues.Db(record.Inputs));
        c.Set("$outputs", SqliteValues.Db(record.Outputs));
        c.Set("$variables", SqliteValues.Db(record.Variables));
        c.Set("$changed", SqliteValues.Db(record.Changed));
        c.Set("$error_code", SqliteValues.Db(record.Error?.Code));
        c.Set("$error_message", SqliteValues.Db(record.Error?.Message));
        c.Set("$error_retryable", record.Error is { } e ? SqliteValues.Db(e.Retryable) : DBNull.Value);
        c.Set("$handled", SqliteValues.Db(record.Handled));
        c.Set("$superseded", SqliteValues.Db(record.Superseded));
        c.Set("$due_at", SqliteValues.Db(record.DueAt));
        c.Set("$bookmark", SqliteValues.Db(record.Bookmark));
        c.Set("$worker_id", SqliteValues.Db(record.WorkerId));
        c.Set("$revision", revision);
        return record with { Sequence = (long)c.ExecuteScalar()!, Revision = revision };
    }

    /// <summary>Reserves <paramref name="count"/> revisions inside the caller's transaction; returns the last of them.</summary>
    public static long Reserve(WriteConnection w, int count)
    {
        var c = w.Command(TakeRevisions);
        c.Set("$count", count);
        return (long)c.ExecuteScalar()!;
    }

    public static JournalRecord Read(SqliteDataReader r) => new()
    {
        Sequence = r.GetInt64(0),
        RunId = r.Guid(1),
        StepPath = r.GetString(2),
        StepId = r.GetString(3),
        ItemKey = r.String(4),
        Attempt = r.GetInt32(5),
        Status = StatusNames.ParseStep(r.GetString(6)),
        StartedAt = r.Time(7),
        EndedAt = r.TimeOrNull(8),
        Inputs = r.Json(9),
        Outputs = r.Json(10),
        Variables = r.Json(11),
        Changed = r.Bool(12),
        Error = r.IsDBNull(13) ? null : new StepError(r.GetString(13), r.String(14) ?? "", !r.IsDBNull(15) && r.Bool(15)),
        Handled = r.Bool(16),
        Superseded = r.Bool(17),
        DueAt = r.TimeOrNull(18),
        Bookmark = r.Json(19),
        WorkerId = r.String(20),
        Revision = r.GetInt64(21),
    };
}
