using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Etcd.Connection;

namespace ClusterWorkflows.Activities.Etcd.Health;

public sealed record CheckEtcdHealthInput : IEtcdConnectionInput
{
    [Description(EtcdFields.Connection)]
    public required EtcdConnection Connection { get; init; }
}

public sealed record CheckEtcdHealthOutput
{
    [Description("Number of endpoints that answered with a known leader (all of them when the step succeeds).")]
    public required int HealthyEndpoints { get; init; }

    [Description("The leader's member id (hex, as etcdctl prints it).")]
    public required string LeaderId { get; init; }

    [Description("What each endpoint reported.")]
    public required EtcdEndpointStatus[] Endpoints { get; init; }
}

public sealed record EtcdEndpointStatus
{
    [Description("The endpoint asked.")]
    public required string Endpoint { get; init; }

    [Description("The member id behind the endpoint (hex).")]
    public required string MemberId { get; init; }

    [Description("The leader this member knows (hex).")]
    public required string LeaderId { get; init; }

    [Description("The member's raft index.")]
    public required ulong RaftIndex { get; init; }

    [Description("The member's raft term.")]
    public required ulong RaftTerm { get; init; }

    [Description("The etcd server version.")]
    public required string Version { get; init; }

    [Description("Size of the member's database in bytes.")]
    public required long DbSize { get; init; }
}
