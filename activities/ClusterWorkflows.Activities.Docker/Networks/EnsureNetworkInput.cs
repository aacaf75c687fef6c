using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Docker.Connection;

namespace ClusterWorkflows.Activities.Docker.Networks;

public sealed record EnsureNetworkInput : IDockerConnectionInput
{
    [Description(DockerFields.ManagerConnection)]
    public DockerConnection Connection { get; init; } = new();

    [Description("Network name.")]
    [MinLength(1)]
    public string Name { get; init; } = "";

    [Description("Network driver (overlay for swarm services).")]
    [MinLength(1)]
    public string Driver { get; init; } = "overlay";

    [Description("Encrypt the overlay's data traffic (IPsec between hosts).")]
    public bool Encrypted { get; init; }

    [Description("Let standalone containers attach to the network, not only services.")]
    public bool Attachable { get; init; }

    [Description("The network's subnet in CIDR form, e.g. 10.20.0.0/24 (the Engine picks one when absent).")]
    public string? Subnet { get; init; }

    [Description("Labels put on a new network (not compared: the Engine cannot change them later).")]
    public Dictionary<string, string>? Labels { get; init; }
}

public sealed record EnsureNetworkOutput
{
    [Description("The network's id; empty in check mode when it would be created.")]
    public required string Id { get; init; }

    [Description("True when the network was (or in check mode would be) created.")]
    public required bool Created { get; init; }
}
