using ClusterWorkflows.Runtime.Progress;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Execution;

/// <summary>Live notifications from an executing run (the CLI's live tree, later the server's event stream).</summary>
public interface IRunObserver
{
    void StepChanged(Guid runId, JournalRecord record);

    void Log(Guid runId, LogLine line);

    void RunChanged(Guid runId, RunStatus status, string? error);

    /// <summary>
    /// A running step reported progress, already throttled (at most one per <see cref="EngineOptions.ProgressInterval"/>
    /// per step attempt). Not journaled: an observer keeps the latest in memory if it shows it.
    /// </summary>
    void Progress(Guid runId, StepProgress progress)
    {
    }

    /// <summary>Another worker took the run over; this one stopped without writing anything more.</summary>
    void LeaseLost(Guid runId)
    {
    }

    /// <summary>
    /// This worker starts executing a claimed run (once per claim, before the first step).
    /// <paramref name="takeover"/>: the run was left mid-step by another worker that died or lost its lease.
    /// </summary>
    void RunExecuting(RunRecord run, bool takeover)
    {
    }

    /// <summary>This worker stopped executing the run without settling it (shutdown hand-back or lease loss).</summary>
    void RunReleased(Guid runId)
    {
    }

    /// <summary>
    /// An unexpected failure of the engine itself (the database went away, a bug). The worker keeps
    /// going; the run's lease expires and any worker takes it over.
    /// </summary>
    void EngineError(Guid? runId, Exception error)
    {
    }
}

public sealed class NullRunObserver : IRunObserver
{
    public static readonly NullRunObserver Instance = new();

    public void StepChanged(Guid runId, JournalRecord record)
    {
    }

    public void Log(Guid runId, LogLine line)
    {
    }

    public void RunChanged(Guid runId, RunStatus status, string? error)
    {
    }
}
