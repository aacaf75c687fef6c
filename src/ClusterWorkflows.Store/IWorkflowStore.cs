using System.Text.Json.Nodes;

namespace ClusterWorkflows.Store;

/// <summary>
/// Everything the engine persists. One contract, several implementations, one shared test suite.
/// Each method is one transaction. Writes that carry a <see cref="Lease"/> are fenced: they throw
/// <see cref="LeaseLostException"/> when the run's epoch moved on.
/// </summary>
public interface IWorkflowStore : ISecretRepository, IScheduleStore, IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema; safe to call from several processes at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    Task<int> SchemaVersionAsync(CancellationToken cancellationToken);

    // Definitions -------------------------------------------------------------------------------

    /// <summary>Saves a version. Same id+version+hash is a no-op; different hash throws <see cref="DefinitionConflictException"/>.</summary>
    Task<bool> SaveDefinitionAsync(DefinitionRecord definition, CancellationToken cancellationToken);

    /// <summary>The given version, or the newest when <paramref name="version"/> is null.</summary>
    Task<DefinitionRecord?> GetDefinitionAsync(string id, int? version, CancellationToken cancellationToken);

    /// <summary>The newest version of each definition.</summary>
    Task<IReadOnlyList<DefinitionRecord>> ListDefinitionsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<DefinitionRecord>> ListDefinitionVersionsAsync(string id, CancellationToken cancellationToken);

    // Runs --------------------------------------------------------------------------------------

    Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken);

    Task<RunRecord?> GetRunAsync(Guid runId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Claims one run for <paramref name="owner"/>: a pending run, a running run whose lease expired
    /// (or whose owner is in <paramref name="deadOwners"/>), or a waiting run whose WakeAt is due.
    /// When <paramref name="runId"/> is given only that run is considered. A run with a concurrency
    /// key is claimable only while no other non-terminal run holds the key. The claim increments
    /// the epoch, sets status Running and the lease, and takes the concurrency key.
    /// </summary>
    Task<Lease?> TryClaimRunAsync(
        string owner,
        DateTimeOffset now,
        TimeSpan leaseDuration,
        Guid? runId,
        IReadOnlyCollection<string> deadOwners,
        CancellationToken cancellationToken);

    /// <summary>Extends the lease; false (not an exception) when it was lost.</summary>
    Task<bool> RenewLeaseAsync(Lease lease, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the run row's mutable state (status, variables, outputs, error, wake-at, ended-at)
    /// and clears the lease when <paramref name="release"/>. Terminal statuses release the concurrency key.
    /// </summary>
    Task UpdateRunAsync(Lease lease, RunStateUpdate update, bool release, CancellationToken cancellationToken);

    /// <summary>
    /// Changes a run that no worker holds (operator alterations): applies <paramref name="change"/>
    /// to the current row under a write lock and returns the new row. Throws when a live lease holds it
    /// and <paramref name="evenIfLeased"/> is false.
    /// </summary>
    Task<RunRecord> AlterRunAsync(Guid runId, Func<RunRecord, RunRecord> change, bool evenIfLeased, CancellationToken cancellationToken);

    /// <summary>
    /// An operator's decision on a run, as ONE transaction: reads the run row (write-locked) and its
    /// journal, lets <paramref name="decide"/> check them and say what changes (it throws to refuse,
    /// and then nothing is written), then writes the run's new row, the journal records (insert or
    /// replace by run, path and attempt) and the audit record. A crash can therefore never leave a
    /// decision half-recorded: a run made pending whose journal still says otherwise, or an
    /// unaudited change. Throws when a live lease holds the run, unless the decision says
    /// <see cref="RunDecision.EvenIfLeased"/>.
    /// </summary>
    Task<RunRecord> DecideAsync(Guid runId, Func<RunRecord, IReadOnlyList<JournalRecord>, RunDecision> decide, CancellationToken cancellationToken);

    // Journal -----------------------------------------------------------------------------------

    /// <summary>
    /// The checkpoint: inserts or replaces the record (run, path, attempt) and, in the same
    /// transaction, applies <paramref name="runUpdate"/> to the run row. Fenced by <paramref name="lease"/>.
    /// Returns the record with its sequence number.
    /// </summary>
    Task<JournalRecord> CheckpointAsync(Lease lease, JournalRecord record, RunStateUpdate? runUpdate, CancellationToken cancellationToken);

    /// <summary>Writes a journal record without a lease (operator skip/approve on an idle run), in one transaction with the alteration.</summary>
    Task<JournalRecord> WriteJournalUnleasedAsync(JournalRecord record, Func<RunRecord, RunRecord>? runChange, CancellationToken cancellationToken);

    /// <summary>All records of a run in sequence order.</summary>
    Task<IReadOnlyList<JournalRecord>> GetJournalAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>Marks every record with sequence ≥ <paramref name="fromSequence"/> superseded (resume-from-step).</summary>
    Task SupersedeJournalAsync(Guid runId, long fromSequence, CancellationToken cancellationToken);

    /// <summary>
    /// Retention: deletes up to <paramref name="batchSize"/> runs that ended (Completed or Cancelled)
    /// before <paramref name="endedBefore"/>, with their journal and logs, in one short transaction,
    /// and fire records older than the cutoff. Returns how many runs were deleted (0 when done).
    /// </summary>
    Task<int> PruneRunsAsync(DateTimeOffset endedBefore, int batchSize, CancellationToken cancellationToken);

    // Logs --------------------------------------------------------------------------------------

    Task AppendLogsAsync(IReadOnlyList<LogLine> lines, CancellationToken cancellationToken);

    /// <summary>Lines after <paramref name="afterSequence"/>, optionally of one step path (and its children).</summary>
    Task<IReadOnlyList<LogLine>> GetLogsAsync(Guid runId, string? stepPath, long afterSequence, int limit, CancellationToken cancellationToken);

    // Audit -------------------------------------------------------------------------------------

    Task AppendAuditAsync(AuditRecord record, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditRecord>> ListAuditAsync(Guid? runId, int limit, CancellationToken cancellationToken);
}

/// <summary>Secret ciphertexts by name. Encryption happens above the store; this never sees plaintext.</summary>
public interface ISecretRepository
{
    Task SetSecretAsync(SecretRecord secret, CancellationToken cancellationToken);

    Task<SecretRecord?> GetSecretAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListSecretNamesAsync(CancellationToken cancellationToken);

    Task<bool> DeleteSecretAsync(string name, CancellationToken cancellationToken);
}

/// <summary>Mutable run state written with a checkpoint or on its own. Null fields are left as they are.</summary>
public sealed record RunStateUpdate
{
    public RunStatus? Status { get; init; }
    public JsonObject? Variables { get; init; }
    public JsonObject? Outputs { get; init; }

    /// <summary>Set <see cref="ClearError"/> to erase a previous error.</summary>
    public string? Error { get; init; }
    public bool ClearError { get; init; }

    public DateTimeOffset? WakeAt { get; init; }
    public bool ClearWakeAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
