using Docker.DotNet.Models;

namespace ClusterWorkflows.Activities.Docker.Services;

/// <summary>How many of a service's tasks run, how many are wanted, and the latest task errors.</summary>
internal sealed record TaskCount(int Running, int Desired, IReadOnlyList<string> Errors)
{
    public bool Done => Running == Desired;

    public static TaskCount Of(SwarmService service, IList<TaskResponse> tasks, IEnumerable<NodeListResponse> nodes)
    {
        var nodeList = nodes.ToList();
        var ready = nodeList.Where(n => n.Status?.State == "ready").Select(n => n.ID).ToHashSet(StringComparer.Ordinal);
        var running = tasks.Count(t => t.DesiredState == TaskState.Running && t.Status?.State == TaskState.Running);
        int desired;
        if (service.Spec.Mode?.Global is not null)
        {
            // One per eligible node: ready, active and matching the constraints; plus nodes the
            // orchestrator already placed a task on (it knows constraints this code cannot read).
            var constraints = service.Spec.TaskTemplate?.Placement?.Constraints ?? [];
            var eligible = nodeList.Where(n => n.Status?.State == "ready" && n.Spec?.Availability == "active" && constraints.All(c => Constraint.Matches(c, n)))
                .Select(n => n.ID).ToHashSet(StringComparer.Ordinal);
            eligible.UnionWith(tasks.Where(t => t.DesiredState == TaskState.Running && t.NodeID is { Length: > 0 } id && ready.Contains(id)).Select(t => t.NodeID));
            desired = eligible.Count;
        }
        else
        {
            desired = (int)(service.Spec.Mode?.Replicated?.Replicas ?? 0);
        }

        var errors = tasks.Where(t => !string.IsNullOrEmpty(t.Status?.Err))
            .OrderByDescending(t => t.Status.Timestamp)
            .Select(t => $"{t.Status.State.ToString().ToLowerInvariant()}: {t.Status.Err}")
            .Distinct(StringComparer.Ordinal)
            .Take(3)
            .ToList();
        return new TaskCount(running, desired, errors);
    }
}

/// <summary>Evaluates the placement constraints whose meaning is plain from the node list (==, !=).</summary>
internal static class Constraint
{
    public static bool Matches(string constraint, NodeListResponse node)
    {
        var equal = !constraint.Contains("!=", StringComparison.Ordinal);
        var parts = constraint.Split(equal ? "==" : "!=", 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            return true;
        }

        string? actual = parts[0] switch
        {
            "node.id" => node.ID,
            "node.hostname" => node.Description?.Hostname,
            "node.role" => node.Spec?.Role,
            "node.platform.os" => node.Description?.Platform?.OS,
            "node.platform.arch" => node.Description?.Platform?.Architecture,
            var key when key.StartsWith("node.labels.", StringComparison.Ordinal) =>
                node.Spec?.Labels is { } labels && labels.TryGetValue(key["node.labels.".Length..], out var v) ? v : null,
            var key when key.StartsWith("engine.labels.", StringComparison.Ordinal) =>
                node.Description?.Engine?.Labels is { } labels && labels.TryGetValue(key["engine.labels.".Length..], out var v) ? v : null,
            _ => parts[1],
        };
        return string.Equals(actual, parts[1], StringComparison.OrdinalIgnoreCase) == equal;
    }
}
