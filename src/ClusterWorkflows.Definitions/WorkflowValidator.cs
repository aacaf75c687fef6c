using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Definitions.Validation;
using ClusterWorkflows.Sdk.Registration;

namespace ClusterWorkflows.Definitions;

/// <summary>
/// Semantic checks of loaded definitions against the activity catalog: step ids, activities and
/// their inputs, expressions and what they read, durations, schedules, calls. Problems the loader
/// already reported (a missing or malformed field) are not reported again, so the loader's and the
/// validator's diagnostics can simply be concatenated.
/// </summary>
public sealed class WorkflowValidator(ActivityCatalog catalog)
{
    /// <summary>Checks one definition; call targets are checked only when <paramref name="resolver"/> is given.</summary>
    public IReadOnlyList<Diagnostic> Validate(WorkflowDefinition definition, IDefinitionResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var context = new ValidationContext(definition, catalog, resolver);
        new DefinitionRules(context).Check();
        new TriggerRules(context).Check();
        new StepRules(context).Check();
        return context.Diagnostics;
    }

    /// <summary>Checks a set that calls each other: each one (calls resolved within the set), duplicates, and call cycles.</summary>
    public IReadOnlyList<Diagnostic> ValidateAll(IReadOnlyList<WorkflowDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var diagnostics = new List<Diagnostic>();
        var byReference = new Dictionary<(string, int), WorkflowDefinition>();
        foreach (var definition in definitions)
        {
            if (!byReference.TryAdd((definition.Id, definition.Version), definition))
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticCodes.DuplicateDefinition,
                    $"workflow {definition.Reference} is defined more than once (also at {byReference[(definition.Id, definition.Version)].Location})",
                    definition.Location,
                    null));
            }
        }

        var resolver = new SetResolver(byReference);
        foreach (var definition in definitions)
        {
            diagnostics.AddRange(Validate(definition, resolver));
        }

        diagnostics.AddRange(CallGraph.FindCycles(byReference));
        return diagnostics;
    }

    private sealed class SetResolver(IReadOnlyDictionary<(string, int), WorkflowDefinition> definitions) : IDefinitionResolver
    {
        public WorkflowDefinition? Resolve(string id, int version) => definitions.GetValueOrDefault((id, version));
    }
}
