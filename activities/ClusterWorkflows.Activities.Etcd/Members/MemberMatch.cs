namespace ClusterWorkflows.Activities.Etcd.Members;

/// <summary>How add/remove recognise a member: by name, or by a peer URL (a member that never started has no name).</summary>
internal static class MemberMatch
{
    public static bool SamePeerUrl(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    public static bool HasPeerUrl(EtcdMember member, IEnumerable<string> peerUrls) =>
        member.PeerUrls.Any(p => peerUrls.Any(u => SamePeerUrl(p, u)));

    public static bool HasName(EtcdMember member, string? name) =>
        !string.IsNullOrEmpty(name) && string.Equals(member.Name, name, StringComparison.Ordinal);

    /// <summary>The etcd <c>--initial-cluster</c> value: every member's name=peerUrl, sorted so it reads the same on every run.</summary>
    public static string InitialCluster(IEnumerable<EtcdMember> members, EtcdMember added, string addedName) =>
        string.Join(",", members.SelectMany(m =>
            m.PeerUrls.Select(u => $"{(m.Id == added.Id ? addedName : m.Name)}={u}")).Order(StringComparer.Ordinal));
}
