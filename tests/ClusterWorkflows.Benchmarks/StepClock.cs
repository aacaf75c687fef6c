using System.Collections.Concurrent;
using System.Diagnostics;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Benchmarks;

/// <summary>
/// Records when each step's completion checkpoint committed; the gap between two consecutive
/// completions of one run is the durable per-step overhead (two commits plus the walk).
/// </summary>
public sealed class StepClock : IRunObserver
{
    private readonly ConcurrentDictionary<Guid, long> last = new();
    private readonly ConcurrentBag<double> gaps = [];

    public void StepChanged(Guid runId, JournalRecord record)
    {
        if (record.Status != StepStatus.Completed)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        if (last.TryGetValue(runId, out var previous))
        {
            gaps.Add(Stopwatch.GetElapsedTime(previous, now).TotalMilliseconds);
        }

        last[runId] = now;
    }

    public void Log(Guid runId, LogLine line)
    {
    }

    public void RunChanged(Guid runId, RunStatus status, string? error)
    {
    }

    public void Reset()
    {
        last.Clear();
        gaps.Clear();
    }

    public (double P50, double P99, int Count) Percentiles()
    {
        var sorted = gaps.Order().ToArray();
        if (sorted.Length == 0)
        {
            return (0, 0, 0);
        }

        return (sorted[(int)(sorted.Length * 0.50)], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))], sorted.Length);
    }
}
