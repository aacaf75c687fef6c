using ClusterWorkflows.Inventory.Model;

namespace ClusterWorkflows.Inventory.Resolution;

/// <summary>
/// The parent/child relation between groups. Orders groups parents-first (Kahn's algorithm,
/// iterative so a hostile file cannot exhaust the stack) and reports cycles.
/// </summary>
internal sealed class GroupGraph
{
    private readonly IReadOnlyDictionary<string, GroupDeclaration> groups;
    private readonly Dictionary<string, SortedSet<string>> children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> parents = new(StringComparer.Ordinal);

    public GroupGraph(IReadOnlyDictionary<string, GroupDeclaration> groups)
    {
        this.groups = groups;
        foreach (var name in groups.Keys)
        {
            children[name] = new SortedSet<string>(StringComparer.Ordinal);
            parents[name] = new SortedSet<string>(StringComparer.Ordinal);
        }

        foreach (var group in groups.Values)
        {
            foreach (var child in group.Children.Where(c => groups.ContainsKey(c.Name)))
            {
                children[group.Name].Add(child.Name);
                parents[child.Name].Add(group.Name);
            }
        }
    }

    public IReadOnlySet<string> ChildrenOf(string group) => children[group];

    public IReadOnlySet<string> ParentsOf(string group) => parents[group];

    /// <summary>Groups with every parent before its children; groups caught in or below a cycle are left out.</summary>
    public List<string> ParentsFirst(out HashSet<string> unordered)
    {
        var pending = parents.ToDictionary(p => p.Key, p => p.Value.Count, StringComparer.Ordinal);
        var ready = new SortedSet<string>(pending.Where(p => p.Value == 0).Select(p => p.Key), StringComparer.Ordinal);
        var order = new List<string>(groups.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            order.Add(next);
            foreach (var child in children[next])
            {
                if (--pending[child] == 0)
                {
                    ready.Add(child);
                }
            }
        }

        unordered = new HashSet<string>(groups.Keys.Except(order, StringComparer.Ordinal), StringComparer.Ordinal);
        return order;
    }

    public void ReportCycles(ErrorList errors)
    {
        ParentsFirst(out var unordered);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in unordered.Order(StringComparer.Ordinal))
        {
            var cycle = FindCycleAbove(start, unordered);
            if (cycle.Any(reported.Contains))
            {
                continue;
            }

            reported.UnionWith(cycle);
            var first = groups[cycle[0]];
            var closing = first.Children.First(c => c.Name == cycle[1 % cycle.Count]);
            var path = string.Join(" -> ", cycle.Append(cycle[0]));
            errors.Add(closing.Position, $"group children form a cycle: {path}");
        }
    }

    // Every unordered group has an unordered parent, so walking up parents must revisit a group.
    private List<string> FindCycleAbove(string start, HashSet<string> unordered)
    {
        var walk = new List<string>();
        var seenAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var current = start;
        while (!seenAt.ContainsKey(current))
        {
            seenAt[current] = walk.Count;
            walk.Add(current);
            current = parents[current].First(unordered.Contains);
        }

        var cycle = walk.Skip(seenAt[current]).ToList();
        cycle.Reverse();

        // Start at the smallest name so the same cycle always reads the same way.
        var first = cycle.IndexOf(cycle.Min(StringComparer.Ordinal)!);
        return cycle.Skip(first).Concat(cycle.Take(first)).ToList();
    }
}
