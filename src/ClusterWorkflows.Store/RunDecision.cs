namespace ClusterWorkflows.Store;

/// <summary>What an operator's decision writes (see <see cref="IWorkflowStore.DecideAsync"/>).</summary>
public sealed record RunDecision
{
    /// <summary>The run's new row; null leaves it as it is.</summary>
    public RunRecord? Run { get; init; }

    /// <summary>Journal records to insert or replace (a superseded flag, a skip record, a bookmark).</summary>
    public IReadOnlyList<JournalRecord> Journal { get; init; } = [];

    public required AuditRecord Audit { get; init; }

    /// <summary>Allowed while a worker holds the run (a cancel request, which the worker's heartbeat notices).</summary>
    public bool EvenIfLeased { get; init; }
}
