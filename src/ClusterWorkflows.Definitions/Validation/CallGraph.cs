using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>
/// Finds call cycles across a set of definitions (a@1 calls b@1 calls a@1). Each cycle is reported
/// once, at the call step that starts it in its alphabetically first workflow. Self-calls are
/// reported by single-definition validation and skipped here.
/// </summary>
internal static class CallGraph
{
    private sealed record Edge(WorkflowDefinition From, CallStep Step, string Path, (string, int) To);

    public static IEnumerable<Diagnostic> FindCycles(IReadOnlyDictionary<(string, int), WorkflowDefinition> definitions)
    {
        var edges = definitions.ToDictionary(
            d => d.Key,
            d => CallEdges(d.Value).Where(e => e.To != d.Key && definitions.ContainsKey(e.To)).ToList());
        var reported = new HashSet<(string, int)>();
        foreach (var start in definitions.Keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2))
        {
            if (reported.Contains(start) || FindPath(start, edges) is not { } cycle)
            {
                continue;
            }

            foreach (var edge in cycle)
            {
                reported.Add(edge.To);
            }

            var names = cycle.Select(e => e.From.Reference).Append(cycle[0].From.Reference);
            var first = cycle[0];
            var location = first.Step.FieldLocations.TryGetValue("call.workflow", out var l) ? l : first.Step.Location;
            yield return new Diagnostic(
                DiagnosticCodes.CallCycle,
                $"call cycle: {string.Join(" -> ", names)} (a workflow may not call itself, directly or through others)",
                location,
                first.Path);
        }
    }

    /// <summary>A path of calls from <paramref name="start"/> back to it, found depth-first; null when there is none.</summary>
    private static List<Edge>? FindPath((string, int) start, Dictionary<(string, int), List<Edge>> edges)
    {
        var visited = new HashSet<(string, int)>();
        var path = new List<Edge>();
        return Walk(start) ? path : null;

        bool Walk((string, int) current)
        {
            foreach (var edge in edges[current])
            {
                path.Add(edge);
                if (edge.To == start || (visited.Add(edge.To) && Walk(edge.To)))
                {
                    return true;
                }

                path.RemoveAt(path.Count - 1);
            }

            return false;
        }
    }

    private static IEnumerable<Edge> CallEdges(WorkflowDefinition definition)
    {
        var index = StepIndex.Build(definition);
        return index.All
            .Where(n => n.Step is CallStep { Version: > 0 } c && !string.IsNullOrEmpty(c.Workflow))
            .Select(n => (Node: n, Call: (CallStep)n.Step))
            .Select(x => new Edge(definition, x.Call, x.Node.Path, (x.Call.Workflow, x.Call.Version)));
    }
}
