using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>
/// Where an expression is written: the field (for messages), its location, the step whose field it
/// is (null at workflow level), the local names in scope (forEach items, a caught error) and the
/// roots available there.
/// </summary>
internal sealed record ExpressionSite(
    string Field,
    SourceLocation Location,
    StepNode? Step,
    IReadOnlyCollection<string> LocalNames,
    IReadOnlyCollection<string> Roots,
    string? RootsReason = null)
{
    public string? StepPath => Step?.Path;

    /// <summary>A site for a field of <paramref name="node"/>; its own forEach names count only for its children.</summary>
    public static ExpressionSite ForStep(StepNode node, string field, SourceLocation location) =>
        new(field, location, node, node.LocalNamesInside(), ExpressionNames.Roots);
}
