using System.Collections.Concurrent;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Events;

/// <summary>
/// Wakes the live-event streams of this node when one of its workers changes a run. It carries no
/// data: streams read what changed from the store (the one source that also sees other nodes'
/// changes and survives reconnects), so a missed wake-up only costs the stream's poll interval.
/// </summary>
public sealed class RunEventHub : IRunObserver
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> runs = new();
    private TaskCompletionSource any = NewSource();

    /// <summary>Completes when run <paramref name="runId"/> (or any run, when null) changes, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(Guid? runId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var source = runId is { } id ? runs.GetOrAdd(id, _ => NewSource()) : Volatile.Read(ref any);
        try
        {
            await source.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The poll interval: other nodes' changes are seen this way.
        }
    }

    public void Signal(Guid runId)
    {
        if (runs.TryRemove(runId, out var source))
        {
            source.TrySetResult();
        }

        Interlocked.Exchange(ref any, NewSource()).TrySetResult();
    }

    public void StepChanged(Guid runId, JournalRecord record) => Signal(runId);

    public void Log(Guid runId, LogLine line) => Signal(runId);

    public void RunChanged(Guid runId, RunStatus status, string? error) => Signal(runId);

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
