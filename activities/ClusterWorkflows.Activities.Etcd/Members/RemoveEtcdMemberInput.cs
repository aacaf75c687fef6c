using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Etcd.Connection;

namespace ClusterWorkflows.Activities.Etcd.Members;

public sealed record RemoveEtcdMemberInput : IEtcdConnectionInput
{
    [Description(EtcdFields.Connection)]
    public required EtcdConnection Connection { get; init; }

    [Description("Name of the member to remove; give this or peerUrl.")]
    public string? Name { get; init; }

    [Description("A peer URL of the member to remove (matches members that never started and so have no name); give this or name.")]
    public string? PeerUrl { get; init; }
}

public sealed record RemoveEtcdMemberOutput
{
    [Description("Id of the member removed (hex); empty when it was already absent.")]
    public required string RemovedId { get; init; }

    [Description("The members left in the cluster.")]
    public required EtcdMember[] Members { get; init; }
}
