using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions;

/// <summary>
/// One problem in a definition. <see cref="Code"/> is stable (see <see cref="DiagnosticCodes"/>)
/// so tools can match on it; <see cref="StepPath"/> is the path of ids (<c>deploy/each/restart</c>)
/// of the step the problem is in, null for workflow-level problems.
/// </summary>
public sealed record Diagnostic(string Code, string Message, SourceLocation Location, string? StepPath)
{
    public override string ToString()
    {
        var where = Location.ToString();
        var prefix = where.Length > 0 ? $"{where}: " : "";
        var step = string.IsNullOrEmpty(StepPath) ? "" : $"{StepPath}: ";
        return $"{prefix}{step}{Message}";
    }
}
