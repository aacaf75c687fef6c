using System.Text.Json;

namespace ClusterWorkflows.Store.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    // The status IN (...) term matches the partial index ix_runs_claimable: SQLite walks the active runs oldest first.
    // A key is free when no row holds it, this run holds it, or its holder is terminal (a stale row).
    private const string ClaimableWhere = """
        status IN ('Pending', 'Running', 'Waiting')
        AND (status = 'Pending'
            OR (status = 'Running' AND (lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at <= $now
                OR lease_owner IN (SELECT value FROM json_each($dead_owners))))
            OR (status = 'Waiting' AND wake_at <= $now))
        AND (concurrency_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM concurrency_keys k JOIN runs holder ON holder.id = k.run_id
            WHERE k.key = r.concurrency_key AND k.run_id <> r.id AND holder.status NOT IN ('Completed', 'Cancelled')))
        """;

    private const string SelectClaimable =
        "SELECT id FROM runs r WHERE " + ClaimableWhere + " ORDER BY created_at, id LIMIT 1;";

    private const string SelectClaimableById =
        "SELECT id FROM runs r WHERE id = $run_id AND " + ClaimableWhere + ";";

    private const string Claim = """
        UPDATE runs SET status = 'Running', lease_owner = $owner, lease_expires_at = $expires_at,
            lease_epoch = lease_epoch + 1, started_at = coalesce(started_at, $now), wake_at = NULL, updated_at = $now
        WHERE id = $id
        RETURNING lease_epoch, concurrency_key, lease_expires_at;
        """;

    private const string TakeConcurrencyKey =
        "INSERT INTO concurrency_keys (key, run_id) VALUES ($key, $id) ON CONFLICT (key) DO UPDATE SET run_id = excluded.run_id;";

    private const string RenewLease =
        "UPDATE runs SET lease_expires_at = $expires_at WHERE id = $id AND lease_epoch = $epoch AND lease_owner = $owner;";

    private const string Fence = "SELECT 1 FROM runs WHERE id = $id AND lease_epoch = $epoch AND lease_owner = $owner;";

    // A non-null parameter wins; the Clear flags only act when no new value is given.
    private const string UpdateRunState = """
        UPDATE runs SET
            status = coalesce($status, status),
            variables = coalesce($variables, variables),
            outputs = coalesce($outputs, outputs),
            error = CASE WHEN $error IS NOT NULL THEN $error WHEN $clear_error THEN NULL ELSE error END,
            wake_at = CASE WHEN $wake_at IS NOT NULL THEN $wake_at WHEN $clear_wake_at THEN NULL ELSE wake_at END,
            started_at = coalesce($started_at, started_at),
            ended_at = coalesce($ended_at, ended_at),
            updated_at = $updated_at,
            lease_owner = CASE WHEN $release THEN NULL ELSE lease_owner END,
            lease_expires_at = CASE WHEN $release THEN NULL ELSE lease_expires_at END
        WHERE id = $id AND lease_epoch = $epoch AND lease_owner = $owner;
        """;

    public Task<Lease?> TryClaimRunAsync(
        string owner,
        DateTimeOffset now,
        TimeSpan leaseDuration,
        Guid? runId,
        IReadOnlyCollection<string> deadOwners,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(deadOwners);
        if (leaseDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(leaseDuration), leaseDuration, "The lease duration must be positive.");
        }

        var deadJson = deadOwners.Count == 0 ? "[]" : JsonSerializer.Serialize(deadOwners, StoreJsonContext.Default.IReadOnlyCollectionString);
        var nowMicros = SqliteValues.ToMicros(now);
        return writer.TransactAsync<Lease?>(
            w =>
            {
                var find = w.Command(runId is null ? SelectClaimable : SelectClaimableById);
                find.Set("$now", nowMicros);
                find.Set("$dead_owners", deadJson);
                if (runId is { } only)
                {
                    find.Set("$run_id", SqliteValues.Db(only));
                }

                if (find.ExecuteScalar() is not string id)
                {
                    return null;
                }

                var claim = w.Command(Claim);
                claim.Set("$id", id);
                claim.Set("$owner", owner);
                claim.Set("$now", nowMicros);
                claim.Set("$expires_at", SqliteValues.ToMicros(now + leaseDuration));
                long epoch;
                string? key;
                long expiresAt;
                using (var reader = claim.ExecuteReader())
                {
                    reader.Read();
                    epoch = reader.GetInt64(0);
                    key = reader.String(1);
                    expiresAt = reader.GetInt64(2);
                }

                if (key is not null)
                {
                    var take = w.Command(TakeConcurrencyKey);
                    take.Set("$key", key);
                    take.Set("$id", id);
                    take.ExecuteNonQuery();
                }

                return new Lease(Guid.Parse(id), owner, epoch, SqliteValues.FromMicros(expiresAt));
            },
            cancellationToken);
    }

    public Task<bool> RenewLeaseAsync(Lease lease, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return writer.TransactAsync(
            w =>
            {
                var renew = w.Command(RenewLease);
                BindLease(renew, lease);
                renew.Set("$expires_at", SqliteValues.ToMicros(expiresAt));
                return renew.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    public Task UpdateRunAsync(Lease lease, RunStateUpdate update, bool release, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(update);
        return writer.TransactAsync(w => ApplyFenced(w, lease, update, release), cancellationToken);
    }

    /// <summary>Applies a run-state update if <paramref name="lease"/> still holds the run; otherwise throws.</summary>
    private static void ApplyFenced(WriteConnection w, Lease lease, RunStateUpdate update, bool release)
    {
        var command = w.Command(UpdateRunState);
        BindLease(command, lease);
        command.Set("$status", StatusNames.Db(update.Status));
        command.Set("$variables", SqliteValues.Db(update.Variables));
        command.Set("$outputs", SqliteValues.Db(update.Outputs));
        command.Set("$error", SqliteValues.Db(update.Error));
        command.Set("$clear_error", SqliteValues.Db(update.ClearError));
        command.Set("$wake_at", SqliteValues.Db(update.WakeAt));
        command.Set("$clear_wake_at", SqliteValues.Db(update.ClearWakeAt));
        command.Set("$started_at", SqliteValues.Db(update.StartedAt));
        command.Set("$ended_at", SqliteValues.Db(update.EndedAt));
        command.Set("$updated_at", SqliteValues.ToMicros(update.UpdatedAt));
        command.Set("$release", SqliteValues.Db(release));
        if (command.ExecuteNonQuery() != 1)
        {
            throw new LeaseLostException(lease.RunId);
        }

        if (update.Status is { } status && status.IsTerminal())
        {
            ReleaseConcurrencyKey(w, lease.RunId);
        }
    }

    /// <summary>Throws <see cref="LeaseLostException"/> unless <paramref name="lease"/> still holds the run.</summary>
    private static void CheckFence(WriteConnection w, Lease lease)
    {
        var command = w.Command(Fence);
        BindLease(command, lease);
        if (command.ExecuteScalar() is null)
        {
            throw new LeaseLostException(lease.RunId);
        }
    }

    private static void BindLease(Microsoft.Data.Sqlite.SqliteCommand command, Lease lease)
    {
        command.Set("$id", SqliteValues.Db(lease.RunId));
        command.Set("$epoch", lease.Epoch);
        command.Set("$owner", lease.Owner);
    }
}
