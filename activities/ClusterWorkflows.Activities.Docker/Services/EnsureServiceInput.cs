using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Activities.Docker.Connection;

namespace ClusterWorkflows.Activities.Docker.Services;

public sealed record EnsureServiceInput : IDockerConnectionInput
{
    [Description(DockerFields.ManagerConnection)]
    public DockerConnection Connection { get; init; } = new();

    [Description("Service name.")]
    [MinLength(1)]
    public string Name { get; init; } = "";

    [Description("Image reference, e.g. busybox:latest.")]
    [MinLength(1)]
    public string Image { get; init; } = "";

    [Description("replicated (a number of tasks) or global (one task per eligible node).")]
    [AllowedValues("replicated", "global")]
    public string Mode { get; init; } = "replicated";

    [Description("Number of tasks for mode replicated (default 1 for a new service).")]
    [Range(0, 10000)]
    public int? Replicas { get; init; }

    [Description("Environment variables of the containers.")]
    public Dictionary<string, string>? Env { get; init; }

    [Description("Labels of the service.")]
    public Dictionary<string, string>? Labels { get; init; }

    [Description("Placement constraints, e.g. node.labels.type==db.")]
    public string[]? Constraints { get; init; }

    [Description("vip (a virtual IP; needs IPVS) or dnsrr (DNS round robin).")]
    [AllowedValues("vip", "dnsrr")]
    public string EndpointMode { get; init; } = "vip";

    [Description("Published ports.")]
    public ServicePort[]? Ports { get; init; }

    [Description("Networks (names) the tasks attach to.")]
    public string[]? Networks { get; init; }

    [Description("The command run in the containers (replaces the image's entrypoint), e.g. [\"sleep\", \"3600\"].")]
    public string[]? Command { get; init; }
}

public sealed record ServicePort
{
    [Description("Port inside the container.")]
    [Port]
    public int Target { get; init; }

    [Description("Port published on the hosts (0: the Engine picks one).")]
    [Range(0, 65535)]
    public int Published { get; init; }

    [Description("tcp, udp or sctp.")]
    [AllowedValues("tcp", "udp", "sctp")]
    public string Protocol { get; init; } = "tcp";

    [Description("host (on each task's node) or ingress (routing mesh; needs IPVS).")]
    [AllowedValues("host", "ingress")]
    public string Mode { get; init; } = "ingress";
}

public sealed record EnsureServiceOutput
{
    [Description("The service id; empty in check mode when it would be created.")]
    public required string Id { get; init; }

    [Description("True when the service was (or would be) created.")]
    public required bool Created { get; init; }

    [Description("True when an existing service's spec was (or would be) updated.")]
    public required bool Updated { get; init; }
}
