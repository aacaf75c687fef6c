using System.Text.Json.Nodes;

namespace ClusterWorkflows.Testing;

/// <summary>
/// One sample invocation the conformance suite runs against an activity.
/// </summary>
/// <param name="Activity">The reference, e.g. <c>core.http@1</c>.</param>
/// <param name="Input">Valid inputs, as a runbook step would pass them after evaluation.</param>
public sealed record ConformanceCase(string Activity, JsonObject Input)
{
    /// <summary>Shown in failure messages; the activity reference when not set.</summary>
    public string? Name { get; init; }

    /// <summary>A secret to plant in a [Secret] input; it must never show up in logs, outputs or errors.</summary>
    public ConformanceSecret? Secret { get; init; }

    /// <summary>True when a second run against the same target must report Changed = false.</summary>
    public bool SecondRunUnchanged { get; init; }

    /// <summary>
    /// Reads the state of the target (a file, a server's request count...). The suite compares it
    /// before and after a check-mode run (must be equal) and after a real run (must differ when the
    /// run reports a change, which shows the probe can see changes at all).
    /// </summary>
    public Func<CancellationToken, Task<string>>? Probe { get; init; }

    /// <summary>
    /// The case runs until cancelled. It is used only by the mid-way cancellation check: the suite
    /// waits for the first log line, cancels, and expects an OperationCanceledException in time.
    /// </summary>
    public bool LongRunning { get; init; }

    public string DisplayName => Name is null ? Activity : $"{Activity} ({Name})";

    public override string ToString() => DisplayName;
}

/// <summary>A secret value planted into the input named <paramref name="Input"/> (the JSON name).</summary>
public sealed record ConformanceSecret(string Input, string Value);
