using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

public sealed partial class PostgresWorkflowStore
{
    // The claimability rules of the SQLite store, as a CTE that locks the oldest claimable run and skips runs other
    // nodes are claiming or checkpointing at this moment. NO KEY UPDATE (what the claim's UPDATE needs) does not
    // conflict with the key-share locks of foreign-key checks, so a run receiving log lines is not skipped.
    // A key is free when no row holds it, this run holds it, or its holder is terminal (a stale row).
    // The status IN (...) term matches ix_runs_claimable, which yields active runs oldest first.
    private const string Candidate = """
        WITH candidate AS (
            SELECT r.id, r.concurrency_key FROM runs r
            WHERE r.status IN ('Pending', 'Running', 'Waiting')
              AND (r.status = 'Pending'
                OR (r.status = 'Running' AND (r.lease_owner IS NULL OR r.lease_expires_at IS NULL
                    OR r.lease_expires_at <= @now OR r.lease_owner = ANY(@dead_owners)))
                OR (r.status = 'Waiting' AND r.wake_at <= @now))
              AND (r.concurrency_key IS NULL OR NOT EXISTS (
                SELECT 1 FROM concurrency_keys k JOIN runs holder ON holder.id = k.run_id
                WHERE k.key = r.concurrency_key AND k.run_id <> r.id AND holder.status NOT IN ('Completed', 'Cancelled')))
        """;

    // Taking the key: the primary key makes two nodes that picked two runs of one key (each saw it free) race on
    // the INSERT; the loser waits for the winner's commit, then its ON CONFLICT condition sees a live holder and
    // takes nothing, so its claim updates nothing and the caller tries again with a fresh snapshot.
    private const string ClaimRest = """
            ORDER BY r.created_at, r.id
            LIMIT 1
            FOR NO KEY UPDATE OF r SKIP LOCKED
        ),
        key_taken AS (
            INSERT INTO concurrency_keys AS k (key, run_id)
            SELECT concurrency_key, id FROM candidate WHERE concurrency_key IS NOT NULL
            ON CONFLICT (key) DO UPDATE SET run_id = excluded.run_id
            WHERE k.run_id = excluded.run_id
               OR NOT EXISTS (SELECT 1 FROM runs holder WHERE holder.id = k.run_id AND holder.status NOT IN ('Completed', 'Cancelled'))
            RETURNING k.run_id
        ),
        claimed AS (
            UPDATE runs r SET status = 'Running', lease_owner = @owner, lease_expires_at = @expires_at,
                lease_epoch = r.lease_epoch + 1, started_at = coalesce(r.started_at, @now), wake_at = NULL, updated_at = @now
            FROM candidate c
            WHERE r.id = c.id AND (c.concurrency_key IS NULL OR EXISTS (SELECT 1 FROM key_taken))
            RETURNING r.id, r.lease_epoch, r.lease_expires_at
        )
        SELECT c.id, cl.lease_epoch, cl.lease_expires_at FROM candidate c LEFT JOIN claimed cl ON cl.id = c.id
        """;

    private const string ClaimAny = Candidate + ClaimRest;

    private const string ClaimById = Candidate + "      AND r.id = @run_id\n" + ClaimRest;

    private const string RenewLease =
        "UPDATE runs SET lease_expires_at = @expires_at WHERE id = @id AND lease_epoch = @epoch AND lease_owner = @owner";

    // A non-null parameter wins; the Clear flags only act when no new value is given. Unchanged indexed columns
    // (status) keep a checkpoint's run update a HOT update.
    private const string FencedRunUpdate = """
        WITH fence AS (
            UPDATE runs SET
                status = coalesce(@status, status),
                variables = coalesce(@variables, variables),
                outputs = coalesce(@outputs, outputs),
                error = CASE WHEN @error::text IS NOT NULL THEN @error WHEN @clear_error THEN NULL ELSE error END,
                wake_at = CASE WHEN @wake_at::timestamptz IS NOT NULL THEN @wake_at WHEN @clear_wake_at THEN NULL ELSE wake_at END,
                started_at = coalesce(@started_at, started_at),
                ended_at = coalesce(@ended_at, ended_at),
                updated_at = @updated_at,
                lease_owner = CASE WHEN @release THEN NULL ELSE lease_owner END,
                lease_expires_at = CASE WHEN @release THEN NULL ELSE lease_expires_at END
            WHERE id = @id AND lease_epoch = @epoch AND lease_owner = @owner
            RETURNING id, concurrency_key
        ),
        released AS (
            DELETE FROM concurrency_keys k USING fence f
            WHERE @release_key AND k.key = f.concurrency_key AND k.run_id = f.id
        )
        """;

    private const string UpdateRunState = FencedRunUpdate + "SELECT count(*)::int FROM fence";

    /// <summary>How often a claim retries after losing a concurrency key to a concurrent claim of another node.</summary>
    private const int ClaimAttempts = 16;

    public async Task<Lease?> TryClaimRunAsync(
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

        var dead = deadOwners.ToArray();
        await using var connection = await OpenAsync(cancellationToken);
        for (var attempt = 0; attempt < ClaimAttempts; attempt++)
        {
            await using var claim = new NpgsqlCommand(runId is null ? ClaimAny : ClaimById, connection);
            claim.Parameters.Time("now", now);
            claim.Parameters.TextArray("dead_owners", dead);
            claim.Parameters.Text("owner", owner);
            claim.Parameters.Time("expires_at", now + leaseDuration);
            if (runId is { } only)
            {
                claim.Parameters.Uuid("run_id", only);
            }

            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            if (!reader.IsDBNull(1))
            {
                return new Lease(reader.GetGuid(0), owner, reader.GetInt64(1), reader.Time(2));
            }
        }

        return null;
    }

    public async Task<bool> RenewLeaseAsync(Lease lease, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return await ExecuteAsync(
            RenewLease,
            p =>
            {
                BindLease(p, lease);
                p.Time("expires_at", expiresAt);
            },
            cancellationToken) == 1;
    }

    public async Task UpdateRunAsync(Lease lease, RunStateUpdate update, bool release, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(update);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(UpdateRunState, connection);
        BindLease(command.Parameters, lease);
        BindRunState(command.Parameters, update, release);
        if ((int)(await command.ExecuteScalarAsync(cancellationToken))! != 1)
        {
            throw new LeaseLostException(lease.RunId);
        }
    }

    private static void BindRunState(NpgsqlParameterCollection p, RunStateUpdate update, bool release)
    {
        p.Text("status", StatusNames.Db(update.Status));
        p.Json("variables", update.Variables);
        p.Json("outputs", update.Outputs);
        p.Text("error", update.Error);
        p.Bool("clear_error", update.ClearError);
        p.Time("wake_at", update.WakeAt);
        p.Bool("clear_wake_at", update.ClearWakeAt);
        p.Time("started_at", update.StartedAt);
        p.Time("ended_at", update.EndedAt);
        p.Time("updated_at", update.UpdatedAt);
        p.Bool("release", release);
        p.Bool("release_key", update.Status is { } status && status.IsTerminal());
    }

    private static void BindLease(NpgsqlParameterCollection p, Lease lease)
    {
        p.Uuid("id", lease.RunId);
        p.Long("epoch", lease.Epoch);
        p.Text("owner", lease.Owner);
    }
}
