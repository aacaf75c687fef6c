using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Docker.Connection;

namespace ClusterWorkflows.Activities.Docker.Swarm;

public sealed record InitSwarmInput : IDockerConnectionInput
{
    [Description(DockerFields.Connection)]
    public DockerConnection Connection { get; init; } = new();

    [Description("The IP address the new manager advertises to the other nodes, e.g. 10.77.0.11.")]
    [MinLength(1)]
    public string AdvertiseAddress { get; init; } = "";

    [Description("Address the swarm listens on for manager traffic.")]
    [MinLength(1)]
    public string ListenAddress { get; init; } = "0.0.0.0:2377";
}

public sealed record InitSwarmOutput
{
    [Description("The node id of the (new) manager; empty in check mode when the swarm would be created.")]
    public required string NodeId { get; init; }

    [Description("The swarm's cluster id; empty in check mode when the swarm would be created.")]
    public required string ClusterId { get; init; }
}
