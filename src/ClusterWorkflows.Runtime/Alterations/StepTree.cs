using ClusterWorkflows.Definitions;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Runtime.Execution;

namespace ClusterWorkflows.Runtime.Alterations;

/// <summary>
/// Finds the step a journal path names in a run's step tree (<c>deploy/nodes[web%2F1]/drain</c>: ids joined by
/// '/', a forEach item as <c>id[key]</c> with the key escaped as <see cref="StepPath.EscapeKey"/> does, a call's
/// steps under the call). An alteration may only name a step of the run's own tree: anything else would write a
/// journal record no walk ever reads, under a path an attacker chose.
/// </summary>
public static class StepTree
{
    /// <summary>Longer than any path a real tree produces; checked before the path is parsed.</summary>
    public const int MaxPathLength = 2048;

    public static Step? Find(WorkflowDefinition definition, string path, IDefinitionResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length is 0 or > MaxPathLength || path.Any(char.IsControl))
        {
            return null;
        }

        IEnumerable<Step> level = definition.Steps;
        Step? found = null;
        var calls = 0;
        foreach (var segment in path.Split('/'))
        {
            if (!TryParse(segment, out var id, out var isItem))
            {
                return null;
            }

            found = level.FirstOrDefault(s => s.Id == id);
            if (found is null || (isItem && found is not ForEachStep))
            {
                return null;
            }

            // Below a forEach come only its items (id[key]/child); below a call, the called workflow's steps.
            level = found switch
            {
                ForEachStep when !isItem => [],
                CallStep call => ++calls <= 64 && resolver.Resolve(call.Workflow, call.Version) is { } child ? child.Steps : [],
                _ => found.Children,
            };
        }

        return found;
    }

    private static bool TryParse(string segment, out string id, out bool isItem)
    {
        isItem = false;
        id = segment;
        var open = segment.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return segment.Length > 0 && !segment.Contains(']', StringComparison.Ordinal);
        }

        // id[key]: a non-empty key, escaped (no bracket or slash inside), closing the segment.
        var key = segment[(open + 1)..^1];
        isItem = true;
        id = segment[..open];
        return id.Length > 0 && segment[^1] == ']' && key.Length > 0 && key.IndexOfAny(['[', ']']) < 0;
    }
}
