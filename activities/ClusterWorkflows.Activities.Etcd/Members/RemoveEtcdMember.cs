using ClusterWorkflows.Activities.Etcd.Connection;
using ClusterWorkflows.Sdk;
using Etcdserverpb;

namespace ClusterWorkflows.Activities.Etcd.Members;

/// <summary>Removes a member by name or peer URL; unchanged when it is already gone.</summary>
[Activity("etcd.removeMember", 1, Category = ActivityCategories.Etcd, InputErrorCode = "etcd.bad-input",
    Description = "Removes a member from the etcd cluster by name or peer URL; unchanged when no such member exists.")]
public sealed class RemoveEtcdMember : IActivity<RemoveEtcdMemberInput, RemoveEtcdMemberOutput>
{
    public async Task<ActivityResult<RemoveEtcdMemberOutput>> ExecuteAsync(RemoveEtcdMemberInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrEmpty(input.Name) && string.IsNullOrEmpty(input.PeerUrl))
        {
            throw new NonRetryableActivityException("etcd.bad-input", "name/peerUrl: give the name or a peer URL of the member to remove");
        }

        using var credentials = await EtcdCredentials.LoadAsync(input, context, cancellationToken);
        var members = await EtcdMemberList.ReadAsync(credentials, context, cancellationToken);
        var matches = members.Where(m => MemberMatch.HasName(m, input.Name) || (input.PeerUrl is { Length: > 0 } url && MemberMatch.HasPeerUrl(m, [url]))).ToArray();
        if (matches.Length == 0)
        {
            context.Log.Info($"no member matches {Describe(input)}: already absent");
            return ActivityResult.Unchanged(new RemoveEtcdMemberOutput { RemovedId = "", Members = members });
        }

        if (matches.Length > 1)
        {
            throw new NonRetryableActivityException("etcd.member-conflict", $"name/peerUrl: {Describe(input)} matches {matches.Length} members ({string.Join(", ", matches.Select(m => m.Id))})");
        }

        var target = matches[0];
        if (context.CheckMode)
        {
            context.Log.Info($"check mode: would remove member {target.Id} '{target.Name}'");
            return ActivityResult.Changed(new RemoveEtcdMemberOutput { RemovedId = target.Id, Members = [.. members.Where(m => m != target)] });
        }

        var id = ulong.Parse(target.Id, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        var response = await EtcdCalls.FirstAvailableAsync(credentials, context, async (invoker, _) =>
            await new Cluster.ClusterClient(invoker).MemberRemoveAsync(new MemberRemoveRequest { ID = id }, deadline: EtcdCalls.Deadline(), cancellationToken: cancellationToken),
            cancellationToken);
        context.Log.Info($"removed member {target.Id} '{target.Name}'");
        return ActivityResult.Changed(new RemoveEtcdMemberOutput { RemovedId = target.Id, Members = [.. response.Members.Select(EtcdMemberList.ToMember)] });
    }

    private static string Describe(RemoveEtcdMemberInput input) =>
        string.Join(" or ", new[] { input.Name is { Length: > 0 } ? $"name '{input.Name}'" : null, input.PeerUrl is { Length: > 0 } ? $"peer URL {input.PeerUrl}" : null }.OfType<string>());
}
