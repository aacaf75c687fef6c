namespace ClusterWorkflows.Store;

/// <summary>The right to write a run's checkpoints: valid while the run's epoch still equals <see cref="Epoch"/>.</summary>
public sealed record Lease(Guid RunId, string Owner, long Epoch, DateTimeOffset ExpiresAt);

/// <summary>Another worker claimed the run; this worker must stop writing and drop it.</summary>
public sealed class LeaseLostException(Guid runId)
    : Exception($"The lease on run {runId} was lost to another worker; its checkpoint was refused.")
{
    public Guid RunId { get; } = runId;
}

/// <summary>A definition id+version exists with different content: saved versions are immutable.</summary>
public sealed class DefinitionConflictException(string id, int version)
    : Exception($"Definition {id}@{version} already exists with different content; saved versions are immutable (bump the version).");
