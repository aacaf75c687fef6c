using System.Globalization;

namespace ClusterWorkflows.Activities.Core.Tests.Commands;

internal static class ProcessState
{
    /// <summary>
    /// Alive = present in /proc and not a zombie. A killed orphan can stay a zombie when PID 1 of a
    /// container does not reap; it is dead all the same.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
        return state is not ('Z' or 'X' or 'x');
    }
}
