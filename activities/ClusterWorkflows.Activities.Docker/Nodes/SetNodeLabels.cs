using ClusterWorkflows.Activities.Docker.Connection;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Docker.Nodes;

/// <summary>Sets node labels (used by placement constraints); unchanged when the node already has them.</summary>
[Activity("docker.setNodeLabels", 1, Category = ActivityCategories.Docker,
    Description = "Sets labels on a swarm node (optionally removing the others); unchanged when the labels are already as wanted.")]
public sealed class SetNodeLabels(DockerClients clients) : IActivity<SetNodeLabelsInput, SetNodeLabelsOutput>
{
    public async Task<ActivityResult<SetNodeLabelsOutput>> ExecuteAsync(SetNodeLabelsInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DockerClients.Validate(input.Connection);
        if (input.Labels.Keys.FirstOrDefault(k => string.IsNullOrWhiteSpace(k)) is not null)
        {
            throw new NonRetryableActivityException("docker.bad-input", "labels: label names must not be empty");
        }

        var host = input.Connection.Display;
        return await clients.UseAsync(input.Connection, context, async docker =>
        {
            var node = await NodeLookup.FindAsync(docker, input.Node, host, cancellationToken);
            var spec = NodeLookup.CopySpec(node);
            var current = new Dictionary<string, string>(spec.Labels, StringComparer.Ordinal);
            var wanted = input.Exclusive ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(current, StringComparer.Ordinal);
            foreach (var (name, value) in input.Labels)
            {
                wanted[name] = value;
            }

            var output = new SetNodeLabelsOutput { NodeId = node.ID, Labels = wanted };
            if (current.Count == wanted.Count && current.All(kv => wanted.TryGetValue(kv.Key, out var v) && v == kv.Value))
            {
                context.Log.Info($"node {node.Description?.Hostname} ({node.ID}) already has the labels");
                return ActivityResult.Unchanged(output);
            }

            var added = wanted.Where(kv => !current.TryGetValue(kv.Key, out var v) || v != kv.Value).Select(kv => $"{kv.Key}={kv.Value}");
            var removed = current.Keys.Where(k => !wanted.ContainsKey(k));
            var summary = $"set [{string.Join(", ", added)}] remove [{string.Join(", ", removed)}]";
            if (context.CheckMode)
            {
                context.Log.Info($"check mode: would {summary} on node {node.Description?.Hostname}");
                return ActivityResult.Changed(output);
            }

            spec.Labels = wanted;
            await NodeLookup.UpdateAsync(docker, node, spec, cancellationToken);
            context.Log.Info($"node {node.Description?.Hostname} ({node.ID}): {summary}");
            return ActivityResult.Changed(output);
        }, cancellationToken);
    }
}
