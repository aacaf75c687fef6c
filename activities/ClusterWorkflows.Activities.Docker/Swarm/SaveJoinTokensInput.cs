using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Docker.Connection;

namespace ClusterWorkflows.Activities.Docker.Swarm;

public sealed record SaveJoinTokensInput : IDockerConnectionInput
{
    [Description(DockerFields.ManagerConnection)]
    public DockerConnection Connection { get; init; } = new();

    [Description("NAME of the vault secret that receives the manager join token.")]
    [RegularExpression(DockerFields.SecretNamePattern)]
    public string ManagerTokenSecret { get; init; } = "swarm.manager-token";

    [Description("NAME of the vault secret that receives the worker join token.")]
    [RegularExpression(DockerFields.SecretNamePattern)]
    public string WorkerTokenSecret { get; init; } = "swarm.worker-token";
}

public sealed record SaveJoinTokensOutput
{
    [Description("The vault secret holding the manager join token (its name, never the token).")]
    public required string ManagerTokenSecret { get; init; }

    [Description("The vault secret holding the worker join token (its name, never the token).")]
    public required string WorkerTokenSecret { get; init; }
}
