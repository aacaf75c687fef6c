using Microsoft.Data.Sqlite;

namespace ClusterWorkflows.Store.Sqlite;

/// <summary>Maps <see cref="RunRecord"/> to the runs table: one column list, one reader, one binder.</summary>
internal static class RunRows
{
    public const string Columns =
        "id, definition_id, definition_version, status, inputs, protected_inputs, variables, outputs, " +
        "concurrency_key, check_mode, inventory, error, cancel_requested, input_overrides, created_at, updated_at, " +
        "started_at, ended_at, wake_at, lease_owner, lease_expires_at, lease_epoch, created_by, triggered_by, dedup_key";

    public const string Insert =
        "INSERT INTO runs (" + Columns + ") VALUES ($id, $definition_id, $definition_version, $status, $inputs, " +
        "$protected_inputs, $variables, $outputs, $concurrency_key, $check_mode, $inventory, $error, $cancel_requested, " +
        "$input_overrides, $created_at, $updated_at, $started_at, $ended_at, $wake_at, $lease_owner, $lease_expires_at, " +
        "$lease_epoch, $created_by, $triggered_by, $dedup_key);";

    /// <summary>Every column but the identity ones (id, definition, creation time, concurrency key, trigger, dedup key).</summary>
    public const string UpdateMutable = """
        UPDATE runs SET
            status = $status, inputs = $inputs, protected_inputs = $protected_inputs, variables = $variables,
            outputs = $outputs, check_mode = $check_mode, inventory = $inventory, error = $error,
            cancel_requested = $cancel_requested, input_overrides = $input_overrides, updated_at = $updated_at,
            started_at = $started_at, ended_at = $ended_at, wake_at = $wake_at, lease_owner = $lease_owner,
            lease_expires_at = $lease_expires_at, lease_epoch = $lease_epoch, created_by = $created_by
        WHERE id = $id;
        """;

    public const string SelectById = "SELECT " + Columns + " FROM runs WHERE id = $id;";

    public static RunRecord Read(SqliteDataReader r) => new()
    {
        Id = r.Guid(0),
        DefinitionId = r.GetString(1),
        DefinitionVersion = r.GetInt32(2),
        Status = StatusNames.ParseRun(r.GetString(3)),
        Inputs = r.JsonOrEmpty(4),
        ProtectedInputs = r.String(5),
        Variables = r.JsonOrEmpty(6),
        Outputs = r.Json(7),
        ConcurrencyKey = r.String(8),
        CheckMode = r.Bool(9),
        Inventory = r.String(10),
        Error = r.String(11),
        CancelRequested = r.Bool(12),
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

    public static void Bind(SqliteCommand c, RunRecord run)
    {
        c.Set("$id", SqliteValues.Db(run.Id));
        c.Set("$definition_id", run.DefinitionId);
        c.Set("$definition_version", run.DefinitionVersion);
        c.Set("$status", StatusNames.Db(run.Status));
        c.Set("$inputs", SqliteValues.Db(run.Inputs ?? []));
        c.Set("$protected_inputs", SqliteValues.Db(run.ProtectedInputs));
        c.Set("$variables", SqliteValues.Db(run.Variables ?? []));
        c.Set("$outputs", SqliteValues.Db(run.Outputs));
        c.Set("$concurrency_key", SqliteValues.Db(run.ConcurrencyKey));
        c.Set("$check_mode", SqliteValues.Db(run.CheckMode));
        c.Set("$inventory", SqliteValues.Db(run.Inventory));
        c.Set("$error", SqliteValues.Db(run.Error));
        c.Set("$cancel_requested", SqliteValues.Db(run.CancelRequested));
        c.Set("$input_overrides", SqliteValues.Db(run.InputOverrides ?? []));
        c.Set("$created_at", SqliteValues.ToMicros(run.CreatedAt));
        c.Set("$updated_at", SqliteValues.ToMicros(run.UpdatedAt));
        c.Set("$started_at", SqliteValues.Db(run.StartedAt));
        c.Set("$ended_at", SqliteValues.Db(run.EndedAt));
        c.Set("$wake_at", SqliteValues.Db(run.WakeAt));
        c.Set("$lease_owner", SqliteValues.Db(run.LeaseOwner));
        c.Set("$lease_expires_at", SqliteValues.Db(run.LeaseExpiresAt));
        c.Set("$lease_epoch", run.LeaseEpoch);
        c.Set("$created_by", SqliteValues.Db(run.CreatedBy));
        c.Set("$triggered_by", SqliteValues.Db(run.TriggeredBy));
        c.Set("$dedup_key", SqliteValues.Db(run.DedupKey));
    }
}
