using ClusterWorkflows.Runtime.Progress;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Engine;

/// <summary>Fans the engine's notifications out to several observers; one failing never stops the others or the run.</summary>
public sealed class CompositeRunObserver(IReadOnlyList<IRunObserver> observers, ILogger<CompositeRunObserver> logger) : IRunObserver
{
    public void StepChanged(Guid runId, JournalRecord record) => Each(o => o.StepChanged(runId, record));

    public void Log(Guid runId, LogLine line) => Each(o => o.Log(runId, line));

    public void RunChanged(Guid runId, RunStatus status, string? error) => Each(o => o.RunChanged(runId, status, error));

    public void Progress(Guid runId, StepProgress progress) => Each(o => o.Progress(runId, progress));

    public void LeaseLost(Guid runId) => Each(o => o.LeaseLost(runId));

    public void RunExecuting(RunRecord run, bool takeover) => Each(o => o.RunExecuting(run, takeover));

    public void RunReleased(Guid runId) => Each(o => o.RunReleased(runId));

    public void EngineError(Guid? runId, Exception error)
    {
        logger.LogError("engine error{Run}: {Type}: {Message}", runId is null ? "" : $" in run {runId}", error.GetType().Name, error.Message);
        Each(o => o.EngineError(runId, error));
    }

    private void Each(Action<IRunObserver> notify)
    {
        foreach (var observer in observers)
        {
            try
            {
                notify(observer);
            }
            catch (Exception ex)
            {
                logger.LogWarning("run observer {Observer} failed: {Message}", observer.GetType().Name, ex.Message);
            }
        }
    }
}
