using System.Text.Json.Nodes;

namespace ClusterWorkflows.Definitions.Model;

/// <summary>
/// A node of the step tree. <see cref="Id"/> is unique in its workflow and stable across edits:
/// the journal is keyed by step paths built from these ids.
/// </summary>
public abstract record Step
{
    public required string Id { get; init; }
    public string? Name { get; init; }

    /// <summary>Expression; when false the step is skipped.</summary>
    public string? When { get; init; }

    public RetryPolicy? Retry { get; init; }
    public TimeSpan? Timeout { get; init; }
    public bool ContinueOnError { get; init; }
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>
    /// Where each field's value was written, keyed by its YAML key (nested ones dotted, e.g.
    /// <c>retry.delay</c>, <c>call.workflow</c>); empty when the step was not loaded from text.
    /// </summary>
    public IReadOnlyDictionary<string, SourceLocation> FieldLocations { get; init; } = EmptyFields.Locations;

    /// <summary>Fields the loader already reported as missing or malformed, so validation does not report them twice.</summary>
    internal IReadOnlySet<string> ReportedFields { get; init; } = EmptyFields.Reported;

    /// <summary>Direct children, in execution order, for walkers that do not care about the kind.</summary>
    public virtual IEnumerable<Step> Children => [];
}

public sealed record RetryPolicy
{
    public int MaxAttempts { get; init; } = 1;
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(1);
    public BackoffKind Backoff { get; init; } = BackoffKind.Exponential;
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Error codes that are retried; empty means every retryable error.</summary>
    public IReadOnlyList<string> On { get; init; } = [];
}

public enum BackoffKind
{
    Constant,
    Linear,
    Exponential,
}

/// <summary>Runs one activity: <c>uses: typeId@version</c> with inputs in <c>with</c>.</summary>
public sealed record ActivityStep : Step
{
    public required string Uses { get; init; }
    public int? UsesVersion { get; init; }

    /// <summary>Input values; strings may hold <c>${{ }}</c> expressions.</summary>
    public JsonObject With { get; init; } = [];

    /// <summary>Where each input key was written, for error messages.</summary>
    public IReadOnlyDictionary<string, SourceLocation> WithLocations { get; init; } = new Dictionary<string, SourceLocation>();

    /// <summary>
    /// Overrides the activity's declared idempotency for this step (<c>idempotent: false</c> makes
    /// the runtime ask a human before re-running it after a crash). Null: the descriptor decides.
    /// </summary>
    public bool? Idempotent { get; init; }
}

public sealed record SequenceStep : Step
{
    public IReadOnlyList<Step> Steps { get; init; } = [];

    public override IEnumerable<Step> Children => Steps;
}

public sealed record ParallelStep : Step
{
    public IReadOnlyList<Step> Branches { get; init; } = [];

    public override IEnumerable<Step> Children => Branches;
}

public sealed record ForEachStep : Step
{
    /// <summary>An expression yielding an array, or a literal array.</summary>
    public required JsonNode Items { get; init; }

    /// <summary>Name of the loop variable in expressions (default <c>item</c>).</summary>
    public string As { get; init; } = "item";

    /// <summary>Items running at once inside a batch.</summary>
    public int Concurrency { get; init; } = 5;

    /// <summary>Batch sizes like Ansible's <c>serial</c>; the last entry repeats. Empty: one batch.</summary>
    public IReadOnlyList<BatchSize> Serial { get; init; } = [];

    /// <summary>Failed items tolerated, in percent of all items, before the loop stops.</summary>
    public double MaxFailPercentage { get; init; }

    public IReadOnlyList<Step> Steps { get; init; } = [];

    public override IEnumerable<Step> Children => Steps;
}

/// <summary>A batch size: an absolute count or a percentage of the items.</summary>
public readonly record struct BatchSize(int Value, bool IsPercent)
{
    public int Resolve(int total) =>
        Math.Max(1, IsPercent ? (int)Math.Ceiling(total * Value / 100.0) : Value);

    public override string ToString() => IsPercent ? $"{Value}%" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record IfStep : Step
{
    public required string Condition { get; init; }
    public IReadOnlyList<Step> Then { get; init; } = [];
    public IReadOnlyList<Step> Else { get; init; } = [];

    public override IEnumerable<Step> Children => Then.Concat(Else);
}

public sealed record SwitchStep : Step
{
    public required string Value { get; init; }
    public IReadOnlyList<SwitchCase> Cases { get; init; } = [];
    public IReadOnlyList<Step> Default { get; init; } = [];

    public override IEnumerable<Step> Children => Cases.SelectMany(c => c.Steps).Concat(Default);
}

public sealed record SwitchCase(string Match, IReadOnlyList<Step> Steps);

public sealed record TryStep : Step
{
    public IReadOnlyList<Step> Try { get; init; } = [];
    public IReadOnlyList<Step> Catch { get; init; } = [];
    public IReadOnlyList<Step> Finally { get; init; } = [];

    public override IEnumerable<Step> Children => Try.Concat(Catch).Concat(Finally);
}

/// <summary>Waits for people: <see cref="MinApprovals"/> distinct approvers, optionally from a list or role.</summary>
public sealed record ApprovalStep : Step
{
    public string? Message { get; init; }
    public IReadOnlyList<string> Approvers { get; init; } = [];
    public string? Role { get; init; }
    public int MinApprovals { get; init; } = 1;

    /// <summary>When it elapses the step faults with <c>approval.timeout</c>.</summary>
    public TimeSpan? ApprovalTimeout { get; init; }
}

/// <summary>A durable timer: <c>delay: 10m</c>.</summary>
public sealed record DelayStep : Step
{
    /// <summary>A duration literal or an expression yielding one.</summary>
    public required string Duration { get; init; }
}

/// <summary>A durable timer to an instant: <c>waitUntil: 2026-12-01T03:00:00Z</c> or an expression.</summary>
public sealed record WaitUntilStep : Step
{
    public required string Until { get; init; }
}

/// <summary>Runs another workflow, pinned to a version, inline in this run's journal.</summary>
public sealed record CallStep : Step
{
    public required string Workflow { get; init; }
    public required int Version { get; init; }
    public JsonObject With { get; init; } = [];
}
