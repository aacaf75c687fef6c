using ClusterWorkflows.Activities.Etcd.Connection;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Etcd.Members;

/// <summary>Read-only: the cluster's member list.</summary>
[Activity("etcd.listMembers", 1, Category = ActivityCategories.Etcd, InputErrorCode = "etcd.bad-input",
    Description = "Lists the etcd cluster's members (id, name, peer and client URLs, learner flag) over TLS.")]
public sealed class ListEtcdMembers : IActivity<ListEtcdMembersInput, ListEtcdMembersOutput>
{
    public async Task<ActivityResult<ListEtcdMembersOutput>> ExecuteAsync(ListEtcdMembersInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var credentials = await EtcdCredentials.LoadAsync(input, context, cancellationToken);
        var members = await EtcdMemberList.ReadAsync(credentials, context, cancellationToken);
        foreach (var m in members)
        {
            context.Log.Info($"member {m.Id} '{m.Name}' peers {string.Join(",", m.PeerUrls)} clients {string.Join(",", m.ClientUrls)}{(m.IsLearner ? " (learner)" : "")}");
        }

        return ActivityResult.Unchanged(new ListEtcdMembersOutput { Members = members });
    }
}
