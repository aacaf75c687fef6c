using System.ComponentModel;
using ClusterWorkflows.Activities.Docker.Connection;

namespace ClusterWorkflows.Activities.Docker.Nodes;

public sealed record ListNodesInput : IDockerConnectionInput
{
    [Description(DockerFields.ManagerConnection)]
    public DockerConnection Connection { get; init; } = new();
}

public sealed record ListNodesOutput
{
    [Description("The swarm's nodes as the manager reports them.")]
    public required SwarmNode[] Nodes { get; init; }
}

public sealed record SwarmNode
{
    [Description("Node id.")]
    public required string Id { get; init; }

    [Description("The node's hostname.")]
    public required string Hostname { get; init; }

    [Description("manager or worker.")]
    public required string Role { get; init; }

    [Description("ready, down, unknown or disconnected.")]
    public required string State { get; init; }

    [Description("active, pause or drain.")]
    public required string Availability { get; init; }

    [Description("The node's address as the swarm sees it.")]
    public required string Address { get; init; }

    [Description("True for the manager that is the raft leader.")]
    public required bool Leader { get; init; }

    [Description("For managers: reachable, unreachable or unknown; empty for workers.")]
    public required string Reachability { get; init; }

    [Description("The node's labels.")]
    public required Dictionary<string, string> Labels { get; init; }
}
