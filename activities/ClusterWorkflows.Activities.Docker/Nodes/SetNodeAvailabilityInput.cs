using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Docker.Connection;

namespace ClusterWorkflows.Activities.Docker.Nodes;

public sealed record SetNodeAvailabilityInput : IDockerConnectionInput
{
    [Description(DockerFields.ManagerConnection)]
    public DockerConnection Connection { get; init; } = new();

    [Description(DockerFields.Node)]
    [MinLength(1)]
    public string Node { get; init; } = "";

    [Description("active: runs tasks; pause: keeps its tasks, gets no new ones; drain: its tasks move elsewhere.")]
    [AllowedValues("active", "pause", "drain")]
    public string Availability { get; init; } = "active";
}

public sealed record SetNodeAvailabilityOutput
{
    [Description("The node's id.")]
    public required string NodeId { get; init; }

    [Description("The availability before this step (to restore it later).")]
    public required string Previous { get; init; }
}
