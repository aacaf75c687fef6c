using System.Diagnostics;
using System.Globalization;

namespace ClusterWorkflows.Runtime;

/// <summary>
/// Worker ids of the form <c>machine/pid/startTicks</c>. On one machine a lease whose owner process
/// is gone can be taken over at once instead of waiting for it to expire (a SIGKILLed <c>cw run</c>
/// followed by <c>cw resume</c>).
/// </summary>
public static class WorkerIdentity
{
    public static string Current { get; } = For(Environment.ProcessId);

    private static string For(int pid)
    {
        var start = StartTicks(pid) ?? 0;
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{pid}/{start}");
    }

    /// <summary>True when the owner ran on this machine and that process no longer exists.</summary>
    public static bool IsDeadLocalOwner(string owner)
    {
        var parts = owner.Split('/');
        if (parts.Length != 3 || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var ticks))
        {
            return false;
        }

        var current = StartTicks(pid);
        return current is null || current.Value != ticks;
    }

    private static long? StartTicks(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return null;
            }

            return process.StartTime.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond;
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
