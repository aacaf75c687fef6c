using ClusterWorkflows.Definitions.Limits;

namespace ClusterWorkflows.Runtime.Hosting;

/// <summary>
/// The text of an error that lists problems: the first <see cref="InputLimits.MaxReportedErrors"/>, one a line, and
/// a count of the rest, so a runbook with 100,000 mistakes makes a message of a hundred lines, not megabytes.
/// </summary>
public static class ProblemList
{
    public static string Format(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var shown = problems.Take(InputLimits.MaxReportedErrors).Select(p => "  " + p);
        var rest = problems.Count - InputLimits.MaxReportedErrors;
        return string.Join(Environment.NewLine, rest > 0 ? shown.Append($"  … and {rest} more problem(s), not shown") : shown);
    }
}
