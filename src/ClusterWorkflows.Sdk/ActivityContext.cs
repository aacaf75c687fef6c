namespace ClusterWorkflows.Sdk;

/// <summary>What the runtime tells an activity about the step it executes.</summary>
public sealed class ActivityContext
{
    public required string RunId { get; init; }
    public required string StepPath { get; init; }
    public required int Attempt { get; init; }

    /// <summary>Stable across attempts and resumes of the same step of the same run.</summary>
    public required string IdempotencyKey { get; init; }

    public required IActivityLog Log { get; init; }

    /// <summary>
    /// Progress of a long step (done/total, unit, message), shown live by the CLI, the API's event stream and
    /// the run monitor. Throttled and not journaled; a no-op unless the runtime supplies one.
    /// </summary>
    public IActivityProgress Progress { get; init; } = NullActivityProgress.Instance;
    public required TimeProvider Time { get; init; }

    /// <summary>True in check mode: report what would change, change nothing.</summary>
    public bool CheckMode { get; init; }

    /// <summary>
    /// The encrypted secret store, scoped to this run: every value read or written through it is
    /// redacted from the run's logs, journal and errors. (It lives on the context rather than in the
    /// container because redaction is per run.)
    /// </summary>
    public ISecretVault? Secrets { get; init; }

    /// <summary>The forEach item key (e.g. a host name) when the step runs inside a forEach.</summary>
    public string? ItemKey { get; init; }
}
