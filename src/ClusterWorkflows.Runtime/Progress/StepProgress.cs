namespace ClusterWorkflows.Runtime.Progress;

/// <summary>
/// The latest progress of one running step attempt, as an observer hears it. Ephemeral: kept in memory by
/// whoever shows it, never written to the journal or the logs.
/// </summary>
public sealed record StepProgress(
    string StepPath,
    int Attempt,
    long Done,
    long? Total,
    string? Unit,
    string? Message,
    DateTimeOffset At,
    string? ItemKey = null);
