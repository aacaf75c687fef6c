using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

/// <summary>Maps <see cref="JournalRecord"/> to the journal table.</summary>
internal static class JournalRows
{
    public const string Columns =
        "seq, run_id, step_path, step_id, item_key, attempt, status, started_at, ended_at, inputs, outputs, variables, " +
        "changed, error_code, error_message, error_retryable, handled, superseded, due_at, bookmark, worker_id, revision";

    /// <summary>The INSERT column list; the values come from a SELECT so that a fence can gate them.</summary>
    public const string InsertColumns =
        "INSERT INTO journal AS j (run_id, step_path, step_id, item_key, attempt, status, started_at, ended_at, inputs, " +
        "outputs, variables, changed, error_code, error_message, error_retryable, handled, superseded, due_at, bookmark, worker_id) ";

    public const string Values =
        "@j_run_id, @j_step_path, @j_step_id, @j_item_key, @j_attempt, @j_status, @j_started_at, @j_ended_at, @j_inputs, " +
        "@j_outputs, @j_variables, @j_changed, @j_error_code, @j_error_message, @j_error_retryable, @j_handled, @j_superseded, " +
        "@j_due_at, @j_bookmark, @j_worker_id";

    /// <summary>
    /// Insert-or-replace by (run, path, attempt). The sequence of a replaced record stays the one it got first,
    /// so the journal keeps the order in which attempts started. The revision is always new: the insert draws it
    /// from the journal_revision sequence (the column default), and a replace keeps what its insert drew.
    /// </summary>
    /// <remarks>
    /// Revisions are drawn before commit, so across transactions they can commit out of order: a reader that took
    /// "everything after revision N" from the whole journal could skip a smaller revision committed just after it
    /// looked. That is why changes are read per run. Every write of a run's journal holds its run's row lock until
    /// commit and draws its revisions only after taking it (the checkpoint's fence, the unleased write's and
    /// supersede's FOR NO KEY UPDATE), so within one run revisions commit in order and "after the last revision
    /// seen" misses nothing. (A run's journal also has a single writer under its lease.)
    /// </remarks>
    public const string OnConflict = """
        ON CONFLICT (run_id, step_path, attempt) DO UPDATE SET
            step_id = excluded.step_id, item_key = excluded.item_key, status = excluded.status,
            started_at = excluded.started_at, ended_at = excluded.ended_at, inputs = excluded.inputs,
            outputs = excluded.outputs, variables = excluded.variables, changed = excluded.changed,
            error_code = excluded.error_code, error_message = excluded.error_message,
            error_retryable = excluded.error_retryable, handled = excluded.handled, superseded = excluded.superseded,
            due_at = excluded.due_at, bookmark = excluded.bookmark, worker_id = excluded.worker_id,
            revision = excluded.revision
        RETURNING j.seq, j.revision
        """;

    /// <summary>The unconditional upsert (unleased writes, inside the caller's transaction).</summary>
    public const string Upsert = InsertColumns + "VALUES (" + Values + ") " + OnConflict;

    public static void Bind(NpgsqlParameterCollection p, JournalRecord record)
    {
        p.Uuid("j_run_id", record.RunId);
        p.Text("j_step_path", record.StepPath);
        p.Text("j_step_id", record.StepId);
        p.Text("j_item_key", record.ItemKey);
        p.Int("j_attempt", record.Attempt);
        p.Text("j_status", StatusNames.Db(record.Status));
        p.Time("j_started_at", record.StartedAt);
        p.Time("j_ended_at", record.EndedAt);
        p.Json("j_inputs", record.Inputs);
        p.Json("j_outputs", record.Outputs);
        p.Json("j_variables", record.Variables);
        p.Bool("j_changed", record.Changed);
        p.Text("j_error_code", record.Error?.Code);
        p.Text("j_error_message", record.Error?.Message);
        p.Bool("j_error_retryable", record.Error?.Retryable);
        p.Bool("j_handled", record.Handled);
        p.Bool("j_superseded", record.Superseded);
        p.Time("j_due_at", record.DueAt);
        p.Json("j_bookmark", record.Bookmark);
        p.Text("j_worker_id", record.WorkerId);
    }

    public static JournalRecord Read(NpgsqlDataReader r) => new()
    {
        Sequence = r.GetInt64(0),
        RunId = r.GetGuid(1),
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
        Changed = r.GetBoolean(12),
        Error = r.IsDBNull(13) ? null : new StepError(r.GetString(13), r.String(14) ?? "", !r.IsDBNull(15) && r.GetBoolean(15)),
        Handled = r.GetBoolean(16),
        Superseded = r.GetBoolean(17),
        DueAt = r.TimeOrNull(18),
        Bookmark = r.Json(19),
        WorkerId = r.String(20),
        Revision = r.GetInt64(21),
    };
}
