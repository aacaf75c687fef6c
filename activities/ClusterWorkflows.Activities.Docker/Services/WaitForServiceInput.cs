using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Activities.Docker.Connection;

namespace ClusterWorkflows.Activities.Docker.Services;

public sealed record WaitForServiceInput : IDockerConnectionInput
{
    [Description(DockerFields.ManagerConnection)]
    public DockerConnection Connection { get; init; } = new();

    [Description("Service name.")]
    [MinLength(1)]
    public string Name { get; init; } = "";

    [Description("How long to wait for all tasks to run.")]
    [PositiveDuration]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);
}

public sealed record WaitForServiceOutput
{
    [Description("Running tasks when the wait ended.")]
    public required int Running { get; init; }

    [Description("Tasks wanted: the replicas, or one per eligible node for a global service.")]
    public required int Desired { get; init; }
}
