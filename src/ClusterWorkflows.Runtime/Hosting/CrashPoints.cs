using System.Globalization;
using System.Runtime.InteropServices;

namespace ClusterWorkflows.Runtime.Hosting;

/// <summary>
/// Fault injection for the durability tests. With <c>CW_CRASH_AFTER_COMMITS=N</c> in its environment, the process
/// SIGKILLs its own process group (its step commands with it, like a power cut) right after its Nth durable commit:
/// a run created, a claim, a checkpoint, a settled run, an operator decision. Randomising N lands a crash in every
/// gap between two commits, including gaps of a few microseconds that a kill from outside would almost never hit.
/// </summary>
/// <remarks>Unset (always, outside tests), each commit costs one read of a static field.</remarks>
public static class CrashPoints
{
    public const string Variable = "CW_CRASH_AFTER_COMMITS";

    private const int SigKill = 9;

    private static readonly int Limit = int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static int commits;

    public static void Committed()
    {
        if (Limit > 0 && Interlocked.Increment(ref commits) == Limit)
        {
            // kill(0, …): the caller's process group, i.e. the session the test started the process in.
            _ = Kill(0, SigKill);
        }
    }

    // DllImport rather than LibraryImport: the source-generated stub needs unsafe code in this library, for a call that
    // passes two ints.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
#pragma warning disable SYSLIB1054 // see above: LibraryImport would need AllowUnsafeBlocks for the whole runtime
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
