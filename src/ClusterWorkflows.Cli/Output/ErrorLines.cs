using ClusterWorkflows.Definitions.Limits;

namespace ClusterWorkflows.Cli.Output;

/// <summary>
/// Prints problems on stderr, at most <see cref="InputLimits.MaxReportedErrors"/> of them and then
/// how many more there are: 400,001 lines of one broken file help nobody.
/// </summary>
public static class ErrorLines
{
    /// <summary>Writes the first lines and a count of the rest; returns how many there were in all.</summary>
    public static async Task<int> WriteAsync(IEnumerable<string> lines)
    {
        var count = 0;
        foreach (var line in lines)
        {
            if (++count <= InputLimits.MaxReportedErrors)
            {
                await Console.Error.WriteLineAsync(line);
            }
        }

        if (count > InputLimits.MaxReportedErrors)
        {
            await Console.Error.WriteLineAsync($"… and {count - InputLimits.MaxReportedErrors} more error(s), not shown");
        }

        return count;
    }
}
