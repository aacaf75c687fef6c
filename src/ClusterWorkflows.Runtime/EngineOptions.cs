namespace ClusterWorkflows.Runtime;

/// <summary>Settings of one engine process (a worker).</summary>
public sealed record EngineOptions
{
    /// <summary>Identifies this process in leases: machine/pid/start-time, so a reused pid is not mistaken for us.</summary>
    public string WorkerId { get; init; } = WorkerIdentity.Current;

    /// <summary>How long a claim lasts without a heartbeat; a crashed worker's runs are taken over after it.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the lease is renewed and cancel requests are looked for.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// For idempotent steps, how long an attempt runs before its "running" record is written (a
    /// crash before that simply runs the step again). Null writes it before every attempt.
    /// Non-idempotent steps always write it first.
    /// </summary>
    public TimeSpan? DeferStartCheckpoint { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Treat leases of dead processes on this machine as expired at once (embedded mode).</summary>
    public bool DetectLocalDeadOwners { get; init; } = true;

    /// <summary>
    /// The shortest time between two progress notifications of one step attempt (4 a second by default):
    /// enough for a live bar, little enough that a step reporting every chunk costs nothing.
    /// </summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
