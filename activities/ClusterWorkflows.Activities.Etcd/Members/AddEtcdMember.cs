using ClusterWorkflows.Activities.Etcd.Connection;
using ClusterWorkflows.Sdk;
using Etcdserverpb;

namespace ClusterWorkflows.Activities.Etcd.Members;

/// <summary>Adds a member unless one with the same name or peer URL is already there.</summary>
[Activity("etcd.addMember", 1, Category = ActivityCategories.Etcd, InputErrorCode = "etcd.bad-input",
    Description = "Adds a member (or learner) to the etcd cluster; unchanged when a member with that name or peer URL exists.")]
public sealed class AddEtcdMember : IActivity<AddEtcdMemberInput, AddEtcdMemberOutput>
{
    public async Task<ActivityResult<AddEtcdMemberOutput>> ExecuteAsync(AddEtcdMemberInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        for (var i = 0; i < input.PeerUrls.Length; i++)
        {
            if (!Uri.TryCreate(input.PeerUrls[i], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new NonRetryableActivityException("etcd.bad-input", $"peerUrls[{i}]: '{input.PeerUrls[i]}' is not an http(s)://host:port URL");
            }
        }

        using var credentials = await EtcdCredentials.LoadAsync(input, context, cancellationToken);
        var members = await EtcdMemberList.ReadAsync(credentials, context, cancellationToken);
        var existing = members.FirstOrDefault(m => MemberMatch.HasPeerUrl(m, input.PeerUrls) || MemberMatch.HasName(m, input.Name));
        if (existing is not null)
        {
            if (!MemberMatch.HasPeerUrl(existing, input.PeerUrls))
            {
                // Same name, other address: that is a replacement, which must remove the old member first.
                throw new NonRetryableActivityException("etcd.member-conflict",
                    $"name: member '{input.Name}' ({existing.Id}) exists with peer URLs {string.Join(",", existing.PeerUrls)}, not {string.Join(",", input.PeerUrls)}; remove it first");
            }

            context.Log.Info($"member {existing.Id} with peer URLs {string.Join(",", existing.PeerUrls)} is already present");
            return ActivityResult.Unchanged(new AddEtcdMemberOutput { Member = existing, InitialCluster = MemberMatch.InitialCluster(members, existing, input.Name) });
        }

        if (context.CheckMode)
        {
            context.Log.Info($"check mode: would add member '{input.Name}' at {string.Join(",", input.PeerUrls)}");
            var planned = new EtcdMember { Id = "", Name = input.Name, PeerUrls = input.PeerUrls, ClientUrls = [], IsLearner = input.IsLearner };
            return ActivityResult.Changed(new AddEtcdMemberOutput { Member = planned, InitialCluster = MemberMatch.InitialCluster([.. members, planned], planned, input.Name) });
        }

        MemberAddResponse response;
        try
        {
            response = await AddAsync(credentials, input, context, cancellationToken);
        }
        catch (ActivityException ex) when (ex.Code == "etcd.notfound")
        {
            // etcd derives a new member's id from its peer URLs and the current second: re-adding a peer URL
            // within the second it was removed yields the removed id, which etcd refuses. The next second gives a fresh id.
            context.Log.Warning($"etcd refused the member id for {string.Join(",", input.PeerUrls)} (removed moments ago); trying again in a second");
            await Task.Delay(TimeSpan.FromSeconds(1.1), context.Time, cancellationToken);
            response = await AddAsync(credentials, input, context, cancellationToken);
        }

        var added = EtcdMemberList.ToMember(response.Member);
        var after = response.Members.Select(EtcdMemberList.ToMember).ToArray();
        context.Log.Info($"added member {added.Id} '{input.Name}' at {string.Join(",", input.PeerUrls)}{(input.IsLearner ? " as a learner" : "")}");
        return ActivityResult.Changed(new AddEtcdMemberOutput { Member = added, InitialCluster = MemberMatch.InitialCluster(after, added, input.Name) });
    }

    private static Task<MemberAddResponse> AddAsync(EtcdCredentials credentials, AddEtcdMemberInput input, ActivityContext context, CancellationToken cancellationToken) =>
        EtcdCalls.FirstAvailableAsync(credentials, context, async (invoker, _) =>
        {
            var request = new MemberAddRequest { IsLearner = input.IsLearner };
            request.PeerURLs.AddRange(input.PeerUrls);
            return await new Cluster.ClusterClient(invoker).MemberAddAsync(request, deadline: EtcdCalls.Deadline(), cancellationToken: cancellationToken);
        }, cancellationToken);
}
