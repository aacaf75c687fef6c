namespace ClusterWorkflows.Activities.Docker.Connection;

/// <summary>Shared descriptions and patterns so every activity documents the same fields the same way.</summary>
internal static class DockerFields
{
    public const string Connection = "How to reach the host's Docker Engine: ssh (tunnel) or endpoint (TLS with a client certificate).";
    public const string ManagerConnection = "How to reach a swarm MANAGER's Docker Engine: ssh (tunnel) or endpoint (TLS with a client certificate).";
    public const string Node = "The node: its hostname or its node id.";
    public const string SecretNamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";
}
