using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Execution;

/// <summary>The latest live (not superseded) attempt of each step path, kept current as the run writes.</summary>
public sealed class JournalIndex
{
    private readonly Dictionary<string, JournalRecord> latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> maxAttempt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<int>> faulted = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public JournalIndex(IEnumerable<JournalRecord> records)
    {
        foreach (var r in records)
        {
            Put(r);
        }
    }

    public JournalRecord? Latest(string path)
    {
        lock (gate)
        {
            return latest.GetValueOrDefault(path);
        }
    }

    /// <summary>Attempt numbers keep growing across retries and resumes, superseded ones included.</summary>
    public int NextAttempt(string path)
    {
        lock (gate)
        {
            return maxAttempt.GetValueOrDefault(path) + 1;
        }
    }

    /// <summary>
    /// How many live attempts of <paramref name="path"/> faulted: the attempts its retry policy has used since
    /// an operator last retried it (a retry supersedes them).
    /// </summary>
    public int FaultedAttempts(string path)
    {
        lock (gate)
        {
            return faulted.TryGetValue(path, out var attempts) ? attempts.Count : 0;
        }
    }

    public void Put(JournalRecord record)
    {
        lock (gate)
        {
            maxAttempt[record.StepPath] = Math.Max(maxAttempt.GetValueOrDefault(record.StepPath), record.Attempt);
            if (record is { Status: StepStatus.Faulted, Superseded: false })
            {
                (faulted.TryGetValue(record.StepPath, out var set) ? set : faulted[record.StepPath] = []).Add(record.Attempt);
            }
            else if (faulted.TryGetValue(record.StepPath, out var set))
            {
                set.Remove(record.Attempt);
            }

            if (record.Superseded)
            {
                return;
            }

            if (!latest.TryGetValue(record.StepPath, out var current) || current.Attempt <= record.Attempt)
            {
                latest[record.StepPath] = record;
            }
        }
    }

    public IReadOnlyList<JournalRecord> All()
    {
        lock (gate)
        {
            return latest.Values.OrderBy(r => r.Sequence).ToList();
        }
    }
}
