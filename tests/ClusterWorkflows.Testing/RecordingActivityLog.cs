using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Testing;

/// <summary>An <see cref="IActivityLog"/> that keeps every line; safe to write from several threads.</summary>
public sealed class RecordingActivityLog : IActivityLog
{
    private readonly Lock gate = new();
    private readonly List<LogLine> lines = [];
    private readonly List<Waiter> waiters = [];

    public IReadOnlyList<LogLine> Lines
    {
        get
        {
            lock (gate)
            {
                return [.. lines];
            }
        }
    }

    public IReadOnlyList<string> Texts => Lines.Select(l => l.Text).ToList();

    public void Write(LogLevel level, string line)
    {
        var entry = new LogLine(level, line);
        List<Waiter> matched;
        lock (gate)
        {
            lines.Add(entry);
            matched = waiters.Where(w => w.Match(entry)).ToList();
            waiters.RemoveAll(matched.Contains);
        }

        foreach (var waiter in matched)
        {
            waiter.Done.TrySetResult(entry);
        }
    }

    public bool Contains(string text) => Lines.Any(l => l.Text.Contains(text, StringComparison.Ordinal));

    public void Clear()
    {
        lock (gate)
        {
            lines.Clear();
        }
    }

    /// <summary>
    /// Completes with the first line (already written or still to come) matching <paramref name="match"/>;
    /// throws <see cref="TimeoutException"/> listing the lines so far when none arrives in time.
    /// </summary>
    public async Task<LogLine> WaitForAsync(Func<LogLine, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var waiter = new Waiter(match, new TaskCompletionSource<LogLine>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (gate)
        {
            var existing = lines.FirstOrDefault(match);
            if (existing is not null)
            {
                return existing;
            }

            waiters.Add(waiter);
        }

        try
        {
            return await waiter.Done.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no matching log line within {timeout}; lines so far:\n{string.Join('\n', Lines)}");
        }
        finally
        {
            lock (gate)
            {
                waiters.Remove(waiter);
            }
        }
    }

    public Task<LogLine> WaitForTextAsync(string text, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForAsync(l => l.Text.Contains(text, StringComparison.Ordinal), timeout, cancellationToken);

    private sealed record Waiter(Func<LogLine, bool> Match, TaskCompletionSource<LogLine> Done);
}
