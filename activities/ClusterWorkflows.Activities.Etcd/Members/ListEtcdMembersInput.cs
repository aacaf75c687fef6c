using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Etcd.Connection;

namespace ClusterWorkflows.Activities.Etcd.Members;

public sealed record ListEtcdMembersInput : IEtcdConnectionInput
{
    [Description(EtcdFields.Connection)]
    public required EtcdConnection Connection { get; init; }
}

public sealed record ListEtcdMembersOutput
{
    [Description("The cluster's members, as the first endpoint that answered reports them.")]
    public required EtcdMember[] Members { get; init; }
}

public sealed record EtcdMember
{
    [Description("Member id (hex, as etcdctl prints it).")]
    public required string Id { get; init; }

    [Description("Member name; empty for a member added but not started yet.")]
    public required string Name { get; init; }

    [Description("URLs the member talks to its peers on.")]
    public required string[] PeerUrls { get; init; }

    [Description("URLs the member serves clients on; empty until it has started.")]
    public required string[] ClientUrls { get; init; }

    [Description("True for a non-voting learner.")]
    public required bool IsLearner { get; init; }
}
