using System.Diagnostics;
using Xunit;

namespace ClusterWorkflows.Testing;

/// <summary>
/// The one way tests wait: poll a condition until it holds or a deadline passes, for effects that have no event to
/// await (a process dying, a row appearing, a server becoming ready). Never a fixed sleep.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static Task AssertAsync(Func<bool> condition, TimeSpan timeout, string because, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return AssertAsync(() => Task.FromResult(condition()), timeout, () => because, cancellationToken);
    }

    public static Task AssertAsync(Func<Task<bool>> condition, TimeSpan timeout, string because, CancellationToken cancellationToken = default) =>
        AssertAsync(condition, timeout, () => because, cancellationToken);

    /// <summary><paramref name="because"/> is computed only on failure (e.g. a dump of what the test saw).</summary>
    public static async Task AssertAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> because, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(because);
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                Assert.Fail($"not true within {timeout}: {because()}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
