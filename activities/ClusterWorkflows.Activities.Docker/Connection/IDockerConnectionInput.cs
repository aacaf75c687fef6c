namespace ClusterWorkflows.Activities.Docker.Connection;

/// <summary>Every Engine API activity's input carries the host connection; the activities read it through this interface.</summary>
public interface IDockerConnectionInput
{
    DockerConnection Connection { get; }
}
