namespace ClusterWorkflows.Activities.Docker.Tests.Lab;

/// <summary>The docker lab tests share one 2-host lab and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DockerLabCollection : ICollectionFixture<DockerLabFixture>
{
    public const string Name = "docker-lab";
}
