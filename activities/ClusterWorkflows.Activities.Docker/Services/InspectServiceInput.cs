using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Docker.Connection;

namespace ClusterWorkflows.Activities.Docker.Services;

public sealed record InspectServiceInput : IDockerConnectionInput
{
    [Description(DockerFields.ManagerConnection)]
    public DockerConnection Connection { get; init; } = new();

    [Description("Service name.")]
    [MinLength(1)]
    public string Name { get; init; } = "";

    [Description("When false, a missing service is an error; when true, it is reported with exists = false.")]
    public bool AllowMissing { get; init; }
}

public sealed record InspectServiceOutput
{
    [Description("False when there is no such service (only with allowMissing).")]
    public required bool Exists { get; init; }

    [Description("The service id.")]
    public required string Id { get; init; }

    [Description("The image of the service's spec.")]
    public required string Image { get; init; }

    [Description("replicated or global.")]
    public required string Mode { get; init; }

    [Description("Tasks wanted: the replicas, or one per eligible node for a global service.")]
    public required int Desired { get; init; }

    [Description("Tasks running now.")]
    public required int Running { get; init; }

    [Description("The spec version (changes with every update).")]
    public required long Version { get; init; }

    [Description("The state of the last rolling update (updating, paused, completed, rollback_started, rollback_paused, rollback_completed) or empty when none.")]
    public required string UpdateState { get; init; }

    [Description("Labels of the service.")]
    public required Dictionary<string, string> Labels { get; init; }

    [Description("Placement constraints.")]
    public required string[] Constraints { get; init; }

    [Description("The latest task errors (at most 3), newest first.")]
    public required string[] Errors { get; init; }
}
