namespace ClusterWorkflows.Store;

/// <summary>
/// What the HTTP server needs from the store beyond the engine's contract: API tokens, webhook
/// replay protection, deduplicated run creation, change feeds for live events, audit queries and
/// definition deletion. Implemented by every store; the same contract suite runs on each.
/// </summary>
public interface IServerStore
{
    // Change feeds (live events) ---------------------------------------------------------------

    /// <summary>
    /// Journal records of a run whose <see cref="JournalRecord.Revision"/> is greater than
    /// <paramref name="afterRevision"/>, in revision order, at most <paramref name="limit"/>.
    /// Every insert or replace of a record gives it a new revision, greater than every revision
    /// given before in this database, so a reader that remembers the last revision it saw misses
    /// no change (it sees the newest state of each record).
    /// </summary>
    Task<IReadOnlyList<JournalRecord>> GetJournalChangesAsync(Guid runId, long afterRevision, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Runs whose row changed at or after <paramref name="since"/>, oldest change first (ties by id),
    /// at most <paramref name="limit"/>: the runs list's live feed.
    /// </summary>
    Task<IReadOnlyList<RunRecord>> ListRunsChangedSinceAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken);

    // Deduplicated creation (webhooks) ----------------------------------------------------------

    /// <summary>
    /// Creates <paramref name="run"/> unless another run with the same non-null
    /// <see cref="RunRecord.DedupKey"/> is active (not Completed or Cancelled); then nothing is
    /// created and that run is returned. Atomic across processes: two concurrent calls with the
    /// same key create one run. Returns null when <paramref name="run"/> was created.
    /// </summary>
    Task<RunRecord?> CreateRunUnlessActiveAsync(RunRecord run, CancellationToken cancellationToken);

    /// <summary>
    /// Records a webhook delivery (a signature or delivery id). False when the same key was
    /// recorded before (a replay). Atomic across processes.
    /// </summary>
    Task<bool> TryRecordDeliveryAsync(string key, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>Forgets deliveries received before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneDeliveriesAsync(DateTimeOffset before, CancellationToken cancellationToken);

    // API tokens --------------------------------------------------------------------------------

    /// <summary>Stores a new token (only its hash). Throws <see cref="ApiTokenConflictException"/> when the id or name exists.</summary>
    Task CreateApiTokenAsync(ApiTokenRecord token, CancellationToken cancellationToken);

    Task<ApiTokenRecord?> GetApiTokenAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every token, revoked ones included, oldest first.</summary>
    Task<IReadOnlyList<ApiTokenRecord>> ListApiTokensAsync(CancellationToken cancellationToken);

    /// <summary>Sets RevokedAt (idempotent: an already revoked token keeps its first time). False when the id is unknown.</summary>
    Task<bool> RevokeApiTokenAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken);

    /// <summary>Sets LastUsedAt when it is older than <paramref name="usedAt"/> (callers throttle how often).</summary>
    Task TouchApiTokenAsync(string id, DateTimeOffset usedAt, CancellationToken cancellationToken);

    // Audit and definitions ---------------------------------------------------------------------

    /// <summary>Audit records matching the query, newest first (by sequence).</summary>
    Task<IReadOnlyList<AuditRecord>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a definition: its versions stay readable by exact version (runs pinned to them go on)
    /// but it leaves the list, and the newest-version lookup returns null, until a new version is
    /// saved. False when no version of <paramref name="id"/> exists.
    /// </summary>
    Task<bool> DeleteDefinitionAsync(string id, DateTimeOffset deletedAt, CancellationToken cancellationToken);
}

/// <summary>
/// An API token. The secret itself is never stored: <see cref="SecretHash"/> is the SHA-256 of it
/// (hex), enough for 256-bit random secrets.
/// </summary>
public sealed record ApiTokenRecord(
    string Id,
    string Name,
    string Role,
    string SecretHash,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? LastUsedAt = null,
    DateTimeOffset? RevokedAt = null);

public sealed class ApiTokenConflictException(string message) : Exception(message);

public sealed record AuditQuery
{
    public Guid? RunId { get; init; }
    public string? Actor { get; init; }

    /// <summary>An exact action (run.start) or a prefix ending in '.' (run.).</summary>
    public string? Action { get; init; }

    /// <summary>Only records with a sequence below this (paging backwards).</summary>
    public long? BeforeSequence { get; init; }

    public int Limit { get; init; } = 100;
}
