using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

/// <summary>Maps <see cref="RunRecord"/> to the runs table: one column list, one reader, one binder.</summary>
internal static class RunRows
{
    public const string Columns =
        "id, definition_id, definition_version, status, inputs, protected_inputs, variables, outputs, " +
        "concurrency_key, check_mode, inventory, error, cancel_requested, input_overrides, created_at, updated_at, " +
        "started_at, ended_at, wake_at, lease_owner, lease_expires_at, lease_epoch, created_by, triggered_by, dedup_key";

    public const string Insert =
        "INSERT INTO runs (" + Columns + ") VALUES (@id, @definition_id, @definition_version, @status, @inputs, " +
        "@protected_inputs, @variables, @outputs, @concurrency_key, @check_mode, @inventory, @error, @cancel_requested, " +
        "@input_overrides, @created_at, @updated_at, @started_at, @ended_at, @wake_at, @lease_owner, @lease_expires_at, " +
        "@lease_epoch, @created_by, @triggered_by, @dedup_key)";

    /// <summary>Every column but the identity ones (id, definition, creation time, concurrency key, trigger, dedup key).</summary>
    public const string UpdateMutable = """
        UPDATE runs SET
            status = @status, inputs = @inputs, protected_inputs = @protected_inputs, variables = @variables,
            outputs = @outputs, check_mode = @check_mode, inventory = @inventory, error = @error,
            cancel_requested = @cancel_requested, input_overrides = @input_overrides, updated_at = @updated_at,
            started_at = @started_at, ended_at = @ended_at, wake_at = @wake_at, lease_owner = @lease_owner,
            lease_expires_at = @lease_expires_at, lease_epoch = @lease_epoch, created_by = @created_by
        WHERE id = @id
        """;

    public const string SelectById = "SELECT " + Columns + " FROM runs WHERE id = @id";

    /// <summary>Locks the row against claims and checkpoints (not against foreign-key checks of log appends).</summary>
    public const string SelectByIdForUpdate = "SELECT " + Columns + " FROM runs WHERE id = @id FOR NO KEY UPDATE";

    public static RunRecord Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        DefinitionId = r.GetString(1),
        DefinitionVersion = r.GetInt32(2),
        Status = StatusNames.ParseRun(r.GetString(3)),
        Inputs = r.JsonOrEmpty(4),
        ProtectedInputs = r.String(5),
        Variables = r.JsonOrEmpty(6),
        Outputs = r.Json(7),
        ConcurrencyKey = r.String(8),
        CheckMode = r.GetBoolean(9),
        Inventory = r.String(10),
        Error = r.String(11),
        CancelRequested = r.GetBoolean(12),
        InputOverrides = r.JsonOrEmpty(13),
        CreatedAt = r.Time(14),
        UpdatedAt = r.Time(15),
        StartedAt = r.TimeOrNull(16),
        EndedAt = r.TimeOrNull(17),
        WakeAt = r.TimeOrNull(18),
        LeaseOwner = r.String(19),
        LeaseExpiresAt = r.TimeOrNull(20),
        LeaseEpoch = r.GetInt64(21),
        CreatedBy = r.String(22),
        TriggeredBy = r.String(23),
        DedupKey = r.String(24),
    };

    public static void Bind(NpgsqlParameterCollection p, RunRecord run)
    {
        p.Uuid("id", run.Id);
        p.Text("definition_id", run.DefinitionId);
        p.Int("definition_version", run.DefinitionVersion);
        p.Text("status", StatusNames.Db(run.Status));
        p.Json("inputs", run.Inputs ?? []);
        p.Text("protected_inputs", run.ProtectedInputs);
        p.Json("variables", run.Variables ?? []);
        p.Json("outputs", run.Outputs);
        p.Text("concurrency_key", run.ConcurrencyKey);
        p.Bool("check_mode", run.CheckMode);
        p.Text("inventory", run.Inventory);
        p.Text("error", run.Error);
        p.Bool("cancel_requested", run.CancelRequested);
        p.Json("input_overrides", run.InputOverrides ?? []);
        p.Time("created_at", run.CreatedAt);
        p.Time("updated_at", run.UpdatedAt);
        p.Time("started_at", run.StartedAt);
        p.Time("ended_at", run.EndedAt);
        p.Time("wake_at", run.WakeAt);
        p.Text("lease_owner", run.LeaseOwner);
        p.Time("lease_expires_at", run.LeaseExpiresAt);
        p.Long("lease_epoch", run.LeaseEpoch);
        p.Text("created_by", run.CreatedBy);
        p.Text("triggered_by", run.TriggeredBy);
        p.Text("dedup_key", run.DedupKey);
    }
}
