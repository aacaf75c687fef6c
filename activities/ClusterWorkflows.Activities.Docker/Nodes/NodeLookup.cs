using ClusterWorkflows.Sdk;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ClusterWorkflows.Activities.Docker.Nodes;

/// <summary>Finds a swarm node by id or hostname, and writes node specs back with the version they were read at.</summary>
internal static class NodeLookup
{
    public static async Task<NodeListResponse> FindAsync(IDockerClient docker, string node, string host, CancellationToken cancellationToken)
    {
        var nodes = (await docker.Swarm.ListNodesAsync(cancellationToken)).ToList();
        var byId = nodes.FirstOrDefault(n => n.ID == node);
        if (byId is not null)
        {
            return byId;
        }

        var byName = nodes.Where(n => string.Equals(n.Description?.Hostname, node, StringComparison.OrdinalIgnoreCase)).ToList();
        return byName.Count switch
        {
            1 => byName[0],
            0 => throw new NonRetryableActivityException("docker.node-unknown",
                $"node: '{node}' is neither the id nor the hostname of a node of the swarm managed by {host} (nodes: {string.Join(", ", nodes.Select(n => n.Description?.Hostname))})"),
            _ => throw new NonRetryableActivityException("docker.node-ambiguous",
                $"node: several nodes are named '{node}' ({string.Join(", ", byName.Select(n => $"{n.ID} {n.Status?.State}"))}); give the node id"),
        };
    }

    /// <summary>A copy of the node's spec to change and send back (the Engine replaces the whole spec).</summary>
    public static NodeUpdateParameters CopySpec(NodeListResponse node) => new()
    {
        Name = node.Spec?.Name,
        Role = node.Spec?.Role,
        Availability = node.Spec?.Availability,
        Labels = new Dictionary<string, string>(node.Spec?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal),
    };

    public static Task UpdateAsync(IDockerClient docker, NodeListResponse node, NodeUpdateParameters spec, CancellationToken cancellationToken) =>
        docker.Swarm.UpdateNodeAsync(node.ID, node.Version.Index, spec, cancellationToken);
}
