using ClusterWorkflows.Definitions.Loading;
using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>Every step of a definition in document order, by id and by instance.</summary>
internal sealed class StepIndex
{
    private readonly Dictionary<Step, StepNode> byStep = new(ReferenceEqualityComparer.Instance);

    private StepIndex()
    {
    }

    public List<StepNode> All { get; } = [];

    /// <summary>First step with each id; later ones are duplicates.</summary>
    public Dictionary<string, StepNode> ById { get; } = new(StringComparer.Ordinal);

    public List<(StepNode Duplicate, StepNode First)> Duplicates { get; } = [];

    public static StepIndex Build(WorkflowDefinition definition)
    {
        var index = new StepIndex();
        index.AddList(definition.Steps, null, "steps", depth: 0);
        return index;
    }

    public StepNode? NodeOf(Step step) => byStep.GetValueOrDefault(step);

    /// <summary>The lists of steps a step holds, named like the YAML keys they come from.</summary>
    public static IEnumerable<(string Name, IReadOnlyList<Step> Steps)> ChildLists(Step step) => step switch
    {
        SequenceStep s => [("steps", s.Steps)],
        ParallelStep p => [("parallel", p.Branches)],
        ForEachStep f => [("steps", f.Steps)],
        IfStep i => [("then", i.Then), ("else", i.Else)],
        SwitchStep s => [.. s.Cases.Select(c => ($"cases.{c.Match}", c.Steps)), ("default", s.Default)],
        TryStep t => [("try", t.Try), ("catch", t.Catch), ("finally", t.Finally)],
        _ => [],
    };

    private void AddList(IReadOnlyList<Step> steps, StepNode? parent, string listName, int depth)
    {
        if (depth > LoadContext.MaxDepth)
        {
            return;
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var node = new StepNode(step, StepReader.Join(parent?.Path, step.Id, i), All.Count, parent, listName);
            All.Add(node);
            byStep.TryAdd(step, node);
            if (!string.IsNullOrEmpty(step.Id) && !ById.TryAdd(step.Id, node))
            {
                Duplicates.Add((node, ById[step.Id]));
            }

            foreach (var (name, children) in ChildLists(step))
            {
                AddList(children, node, name, depth + 1);
            }
        }
    }
}
