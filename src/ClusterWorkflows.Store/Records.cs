using System.Text.Json.Nodes;

namespace ClusterWorkflows.Store;

/// <summary>An immutable saved version of a runbook.</summary>
public sealed record DefinitionRecord(
    string Id,
    int Version,
    string Content,
    string ContentHash,
    string? SourcePath,
    DateTimeOffset CreatedAt);

/// <summary>
/// One run. Logs, journal and outputs live in their own tables so that this row stays small.
/// <see cref="LeaseEpoch"/> fences writes: a checkpoint is refused once another worker claimed the run.
/// </summary>
public sealed record RunRecord
{
    public required Guid Id { get; init; }
    public required string DefinitionId { get; init; }
    public required int DefinitionVersion { get; init; }
    public RunStatus Status { get; init; } = RunStatus.Pending;

    /// <summary>Inputs with secret values replaced by a mask (safe to show).</summary>
    public JsonObject Inputs { get; init; } = [];

    /// <summary>Secret inputs, encrypted by the secret protector; never shown.</summary>
    public string? ProtectedInputs { get; init; }

    public JsonObject Variables { get; init; } = [];
    public JsonObject? Outputs { get; init; }
    public string? ConcurrencyKey { get; init; }
    public bool CheckMode { get; init; }
    public string? Inventory { get; init; }
    public string? Error { get; init; }
    public bool CancelRequested { get; init; }

    /// <summary>Operator-edited inputs per step path, applied on the next attempt of that step.</summary>
    public JsonObject InputOverrides { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Earliest due bookmark of a waiting run.</summary>
    public DateTimeOffset? WakeAt { get; init; }

    public string? LeaseOwner { get; init; }
    public DateTimeOffset? LeaseExpiresAt { get; init; }
    public long LeaseEpoch { get; init; }
    public string? CreatedBy { get; init; }

    /// <summary>What started the run: <c>cli</c>, <c>api</c>, <c>schedule:ID</c>, <c>hook:PATH</c>.</summary>
    public string? TriggeredBy { get; init; }

    /// <summary>
    /// At most one active (not Completed or Cancelled) run has a given key; see
    /// <see cref="IServerStore.CreateRunUnlessActiveAsync"/> (e.g. one run per Alertmanager group).
    /// </summary>
    public string? DedupKey { get; init; }
}

/// <summary>One attempt of one step. Keyed by (run, path, attempt).</summary>
public sealed record JournalRecord
{
    public long Sequence { get; init; }

    /// <summary>Set by the store on every insert or replace: increasing across the database (see <see cref="IServerStore.GetJournalChangesAsync"/>).</summary>
    public long Revision { get; init; }
    public required Guid RunId { get; init; }
    public required string StepPath { get; init; }
    public required string StepId { get; init; }
    public string? ItemKey { get; init; }
    public required int Attempt { get; init; }
    public required StepStatus Status { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Evaluated inputs, secrets masked.</summary>
    public JsonObject? Inputs { get; init; }

    public JsonObject? Outputs { get; init; }

    /// <summary>Variables the step assigned (replayed on resume).</summary>
    public JsonObject? Variables { get; init; }

    public bool Changed { get; init; }
    public StepError? Error { get; init; }

    /// <summary>True when a fault was absorbed (continueOnError, catch, tolerated forEach item).</summary>
    public bool Handled { get; init; }

    /// <summary>True once resume-from-step invalidated this record; kept for history.</summary>
    public bool Superseded { get; init; }

    /// <summary>For a waiting step: when its timer is due (delay, wait-until, approval timeout).</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Bookmark data, e.g. approvals collected so far.</summary>
    public JsonObject? Bookmark { get; init; }

    public string? WorkerId { get; init; }
}

public sealed record StepError(string Code, string Message, bool Retryable);

public sealed record LogLine(
    long Sequence,
    Guid RunId,
    string StepPath,
    int Attempt,
    DateTimeOffset Timestamp,
    string Level,
    string Text);

public sealed record AuditRecord(
    long Sequence,
    DateTimeOffset Timestamp,
    string Actor,
    string Action,
    Guid? RunId,
    string? StepPath,
    string? Reason,
    JsonObject? Details,
    string? Source);

public sealed record SecretRecord(string Name, byte[] Ciphertext, DateTimeOffset UpdatedAt);

public sealed record RunQuery
{
    public RunStatus? Status { get; init; }
    public string? DefinitionId { get; init; }
    public string? TriggeredBy { get; init; }

    /// <summary>Only runs that are not Completed or Cancelled.</summary>
    public bool ActiveOnly { get; init; }

    public int Limit { get; init; } = 100;
    public int Offset { get; init; }
}
