using System.Diagnostics;
using Xunit;

namespace ClusterWorkflows.Testing;

/// <summary>Waits for a condition with a deadline, for effects that have no event to await (a process dying).</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task AssertAsync(Func<bool> condition, TimeSpan timeout, string because, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                Assert.Fail($"not true within {timeout}: {because}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
