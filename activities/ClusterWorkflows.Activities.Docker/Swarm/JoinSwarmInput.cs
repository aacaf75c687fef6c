using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Docker.Connection;

namespace ClusterWorkflows.Activities.Docker.Swarm;

public sealed record JoinSwarmInput : IDockerConnectionInput
{
    [Description(DockerFields.Connection)]
    public DockerConnection Connection { get; init; } = new();

    [Description("The role the node must have in the swarm; the token decides it, this checks it.")]
    [AllowedValues("manager", "worker")]
    public string Role { get; init; } = "worker";

    [Description("A manager's swarm address, host:port, e.g. 10.77.0.11:2377.")]
    [MinLength(1)]
    public string RemoteAddress { get; init; } = "";

    [Description("NAME of the vault secret holding the join token for that role (see docker.saveJoinTokens).")]
    [RegularExpression(DockerFields.SecretNamePattern)]
    public string TokenSecret { get; init; } = "";

    [Description("The IP address this node advertises to the swarm, e.g. 10.77.0.12.")]
    [MinLength(1)]
    public string AdvertiseAddress { get; init; } = "";
}

public sealed record JoinSwarmOutput
{
    [Description("The node id of the host in the swarm; empty in check mode when it would join.")]
    public required string NodeId { get; init; }

    [Description("The node's role: manager or worker.")]
    public required string Role { get; init; }
}
