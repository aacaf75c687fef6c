using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions;

/// <summary>
/// What the loader made of a document. <see cref="Definition"/> is returned whenever the document
/// had the overall shape of a runbook, even with diagnostics, so validation can report more problems
/// in the same pass; only <see cref="Success"/> means it is usable.
/// </summary>
public sealed record LoadResult(WorkflowDefinition? Definition, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Success => Definition is not null && Diagnostics.Count == 0;
}
