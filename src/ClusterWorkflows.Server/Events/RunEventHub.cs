using System.Collections.Concurrent;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Runtime.Progress;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Events;

/// <summary>
/// Wakes the live-event streams of this node when one of its workers changes a run. It carries no
/// data but progress: streams read what changed from the store (the one source that also sees other
/// nodes' changes and survives reconnects), so a missed wake-up only costs the stream's poll interval.
/// Progress is never stored, so the hub keeps the latest report of each running step of this node's
/// runs in memory (dropped when the step or the run stops running); another node's streams never see it.
/// </summary>
public sealed class RunEventHub : IRunObserver
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> runs = new();
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, ProgressEntry>> progress = new();
    private long progressVersion;
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

    /// <summary>The latest progress of each running step of the run, those newer than <paramref name="afterVersion"/> (a stream's mark).</summary>
    public IReadOnlyList<ProgressEntry> ProgressSince(Guid runId, long afterVersion) =>
        progress.TryGetValue(runId, out var steps)
            ? [.. steps.Values.Where(e => e.Version > afterVersion).OrderBy(e => e.Version)]
            : [];

    public void Progress(Guid runId, StepProgress report)
    {
        var entry = new ProgressEntry(report, Interlocked.Increment(ref progressVersion));
        progress.GetOrAdd(runId, _ => new(StringComparer.Ordinal))[report.StepPath] = entry;
        Signal(runId);
    }

    public void StepChanged(Guid runId, JournalRecord record)
    {
        // Only the attempt that reported, and only that entry: a newer report must not be dropped by an older record.
        if (record.Status != StepStatus.Running
            && progress.TryGetValue(runId, out var steps)
            && steps.TryGetValue(record.StepPath, out var entry)
            && entry.Progress.Attempt == record.Attempt)
        {
            steps.TryRemove(KeyValuePair.Create(record.StepPath, entry));
        }

        Signal(runId);
    }

    public void Log(Guid runId, LogLine line) => Signal(runId);

    public void RunChanged(Guid runId, RunStatus status, string? error)
    {
        if (status != RunStatus.Running)
        {
            progress.TryRemove(runId, out _);
        }

        Signal(runId);
    }

    public void RunReleased(Guid runId) => progress.TryRemove(runId, out _);

    public void LeaseLost(Guid runId) => progress.TryRemove(runId, out _);

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A step's latest progress and the hub's version of it (what a stream has already sent).</summary>
public sealed record ProgressEntry(StepProgress Progress, long Version);
