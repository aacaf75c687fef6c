using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Etcd.Connection;

namespace ClusterWorkflows.Activities.Etcd.Members;

public sealed record AddEtcdMemberInput : IEtcdConnectionInput
{
    [Description(EtcdFields.Connection)]
    public required EtcdConnection Connection { get; init; }

    [Description("Name the new member will start with (its --name); used in the initial-cluster string.")]
    [MinLength(1)]
    public required string Name { get; init; }

    [Description("The new member's peer URLs, e.g. https://10.77.0.14:2380.")]
    [MinLength(1)]
    public required string[] PeerUrls { get; init; }

    [Description("Add as a non-voting learner (promote it once it has caught up).")]
    public bool IsLearner { get; init; }
}

public sealed record AddEtcdMemberOutput
{
    [Description("The member as the cluster knows it (its name stays empty until it starts).")]
    public required EtcdMember Member { get; init; }

    [Description("The --initial-cluster value the new member must start with (with --initial-cluster-state existing).")]
    public required string InitialCluster { get; init; }
}
