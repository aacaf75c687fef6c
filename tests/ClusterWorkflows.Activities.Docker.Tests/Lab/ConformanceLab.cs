namespace ClusterWorkflows.Activities.Docker.Tests.Lab;

/// <summary>
/// The 2-host lab ("cwdockc") the conformance suite runs the docker activities on: node1 manages a
/// swarm from the start (so every case has a target), node2 is a bare host for the join.
/// </summary>
public sealed class ConformanceLab() : DockerLab("cwdockc", "10.77.211.0/24", 2)
{
    public string WorkerToken { get; private set; } = "";

    public string ManagerToken { get; private set; } = "";

    protected override async Task AfterUpAsync()
    {
        await ShellAsync(1, $"docker swarm init --advertise-addr {Ip(1)} >/dev/null");
        WorkerToken = await ShellAsync(1, "docker swarm join-token -q worker");
        ManagerToken = await ShellAsync(1, "docker swarm join-token -q manager");
    }
}

[CollectionDefinition(Name)]
public sealed class ConformanceLabCollection : ICollectionFixture<ConformanceLab>
{
    public const string Name = "docker-conformance-lab";
}
