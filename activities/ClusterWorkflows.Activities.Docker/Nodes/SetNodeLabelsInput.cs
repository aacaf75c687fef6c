using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Docker.Connection;

namespace ClusterWorkflows.Activities.Docker.Nodes;

public sealed record SetNodeLabelsInput : IDockerConnectionInput
{
    [Description(DockerFields.ManagerConnection)]
    public DockerConnection Connection { get; init; } = new();

    [Description(DockerFields.Node)]
    [MinLength(1)]
    public string Node { get; init; } = "";

    [Description("The node labels to set (name to value), e.g. {\"type\": \"db\"}.")]
    public Dictionary<string, string> Labels { get; init; } = [];

    [Description("True: remove the node's labels not listed here. False: keep them.")]
    public bool Exclusive { get; init; }
}

public sealed record SetNodeLabelsOutput
{
    [Description("The node's id.")]
    public required string NodeId { get; init; }

    [Description("All labels of the node afterwards (in check mode: as they would be).")]
    public required Dictionary<string, string> Labels { get; init; }
}
