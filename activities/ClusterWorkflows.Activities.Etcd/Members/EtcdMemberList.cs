using ClusterWorkflows.Activities.Etcd.Connection;
using ClusterWorkflows.Sdk;
using Etcdserverpb;

namespace ClusterWorkflows.Activities.Etcd.Members;

/// <summary>Reads the member list; shared by the list, add and remove activities.</summary>
internal static class EtcdMemberList
{
    public static Task<EtcdMember[]> ReadAsync(EtcdCredentials credentials, ActivityContext context, CancellationToken cancellationToken) =>
        EtcdCalls.FirstAvailableAsync(credentials, context, async (invoker, _) =>
        {
            var client = new Cluster.ClusterClient(invoker);
            var response = await client.MemberListAsync(new MemberListRequest(), deadline: EtcdCalls.Deadline(), cancellationToken: cancellationToken);
            return response.Members.Select(ToMember).ToArray();
        }, cancellationToken);

    public static EtcdMember ToMember(Member member) => new()
    {
        Id = EtcdCalls.Id(member.ID),
        Name = member.Name,
        PeerUrls = [.. member.PeerURLs],
        ClientUrls = [.. member.ClientURLs],
        IsLearner = member.IsLearner,
    };
}
