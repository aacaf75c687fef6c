using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Sdk.Descriptors;
using ClusterWorkflows.Sdk.Registration;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>One validation pass over one definition: what it can look things up in, and what it found.</summary>
internal sealed class ValidationContext
{
    private readonly Dictionary<(string, int), WorkflowDefinition?> resolved = [];

    public ValidationContext(WorkflowDefinition definition, ActivityCatalog catalog, IDefinitionResolver? resolver)
    {
        Definition = definition;
        Catalog = catalog;
        Resolver = resolver;
        Index = StepIndex.Build(definition);
        LoopNames = Index.All.Select(n => n.Step).OfType<ForEachStep>().Select(f => f.As).ToHashSet(StringComparer.Ordinal);
    }

    public WorkflowDefinition Definition { get; }
    public ActivityCatalog Catalog { get; }
    public IDefinitionResolver? Resolver { get; }
    public StepIndex Index { get; }

    /// <summary>Every forEach item name in the definition, for "used outside its loop" messages.</summary>
    public HashSet<string> LoopNames { get; }

    public List<Diagnostic> Diagnostics { get; } = [];

    public void Report(string code, string message, SourceLocation location, string? stepPath) =>
        Diagnostics.Add(new Diagnostic(code, message, location, stepPath));

    public ActivityDescriptor? DescriptorOf(ActivityStep step) =>
        step.ReportedFields.Contains("uses") || string.IsNullOrEmpty(step.Uses)
            ? null
            : Catalog.Find(step.Uses, step.UsesVersion)?.Descriptor;

    /// <summary>The called workflow, when a resolver was given and knows it.</summary>
    public WorkflowDefinition? Callee(CallStep step)
    {
        if (Resolver is null || string.IsNullOrEmpty(step.Workflow) || step.Version < 1)
        {
            return null;
        }

        var key = (step.Workflow, step.Version);
        if (!resolved.TryGetValue(key, out var callee))
        {
            resolved[key] = callee = Resolver.Resolve(step.Workflow, step.Version);
        }

        return callee;
    }
}
