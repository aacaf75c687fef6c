using System.Text.Json.Nodes;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Execution;

public enum OutcomeKind
{
    Completed,
    Skipped,
    Waiting,
    Faulted,
    Cancelled,
}

/// <summary>
/// What a subtree ended with. Faults carry the journal paths of the unhandled leaf faults so that a
/// catching container (try/catch, continueOnError, a tolerant forEach) can mark them handled.
/// </summary>
public sealed record StepOutcome(OutcomeKind Kind, JsonObject? Outputs = null, StepError? Error = null)
{
    public static readonly StepOutcome Done = new(OutcomeKind.Completed);
    public static readonly StepOutcome Skip = new(OutcomeKind.Skipped);
    public static readonly StepOutcome Cancel = new(OutcomeKind.Cancelled);

    public IReadOnlyList<FaultRef> Faults { get; init; } = [];

    /// <summary>For waiting outcomes: when the earliest timer below is due (null: waits for a person).</summary>
    public DateTimeOffset? WakeAt { get; init; }

    public bool IsFinished => Kind is OutcomeKind.Completed or OutcomeKind.Skipped;

    public static StepOutcome Wait(DateTimeOffset? wakeAt) => new(OutcomeKind.Waiting) { WakeAt = wakeAt };

    public static StepOutcome Fault(StepError error, IReadOnlyList<FaultRef> faults) => new(OutcomeKind.Faulted, null, error) { Faults = faults };

    /// <summary>Combines outcomes of siblings that ran side by side (parallel branches, a forEach batch).</summary>
    public static StepOutcome Combine(IReadOnlyCollection<StepOutcome> outcomes)
    {
        var faults = outcomes.Where(o => o.Kind == OutcomeKind.Faulted).ToList();
        if (faults.Count > 0)
        {
            return Fault(faults[0].Error!, faults.SelectMany(f => f.Faults).ToList());
        }

        if (outcomes.Any(o => o.Kind == OutcomeKind.Cancelled))
        {
            return Cancel;
        }

        var waiting = outcomes.Where(o => o.Kind == OutcomeKind.Waiting).ToList();
        if (waiting.Count > 0)
        {
            return Wait(waiting.Where(w => w.WakeAt is not null).Select(w => w.WakeAt).Min());
        }

        return Done;
    }
}

/// <summary>A faulted journal record: (path, attempt).</summary>
public sealed record FaultRef(string Path, int Attempt);
