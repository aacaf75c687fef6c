using System.Text;

namespace ClusterWorkflows.Activities.Etcd.Provisioning;

/// <summary>One file the member needs on its host: where, what, and who may read it.</summary>
internal sealed record MemberFile(string Path, byte[] Content, string Owner, string Mode);

/// <summary>The files that make a host an etcd member under the Debian package's etcd.service.</summary>
internal static class EtcdMemberFiles
{
    public const string PkiDirectory = "/etc/etcd/pki";

    // Debian's unit sets ETCD_NAME and ETCD_DATA_DIR with Environment= and reads
    // EnvironmentFile=-/etc/default/etcd, whose values win: the whole configuration lives there.
    public const string EnvironmentFile = "/etc/default/etcd";

    public static IReadOnlyList<MemberFile> For(ConfigureEtcdMemberInput input, string key) =>
    [
        new($"{PkiDirectory}/ca.pem", Encoding.UTF8.GetBytes(Normalize(input.CaCertificatePem)), "root", "0644"),
        new($"{PkiDirectory}/member.pem", Encoding.UTF8.GetBytes(Normalize(input.CertificatePem)), "root", "0644"),
        new($"{PkiDirectory}/member-key.pem", Encoding.UTF8.GetBytes(Normalize(key)), "etcd", "0600"),
        new(EnvironmentFile, Encoding.UTF8.GetBytes(Environment(input)), "root", "0644"),
    ];

    public static string ClientUrl(ConfigureEtcdMemberInput input) => $"https://{Host(input.Address)}:2379";

    private static string Environment(ConfigureEtcdMemberInput input)
    {
        var peer = $"https://{Host(input.Address)}:2380";
        var cluster = string.Join(",", input.Members.Select(m => $"{m.Name}=https://{Host(m.Address)}:2380"));
        var lines = new (string Name, string Value)[]
        {
            ("ETCD_NAME", input.Name),
            ("ETCD_DATA_DIR", input.DataDir),
            ("ETCD_LISTEN_PEER_URLS", peer),
            ("ETCD_LISTEN_CLIENT_URLS", $"{ClientUrl(input)},https://127.0.0.1:2379"),
            ("ETCD_ADVERTISE_CLIENT_URLS", ClientUrl(input)),
            ("ETCD_INITIAL_ADVERTISE_PEER_URLS", peer),
            ("ETCD_INITIAL_CLUSTER", cluster),
            ("ETCD_INITIAL_CLUSTER_STATE", input.ClusterState),
            ("ETCD_INITIAL_CLUSTER_TOKEN", input.ClusterToken),
            ("ETCD_CLIENT_CERT_AUTH", "true"),
            ("ETCD_TRUSTED_CA_FILE", $"{PkiDirectory}/ca.pem"),
            ("ETCD_CERT_FILE", $"{PkiDirectory}/member.pem"),
            ("ETCD_KEY_FILE", $"{PkiDirectory}/member-key.pem"),
            ("ETCD_PEER_CLIENT_CERT_AUTH", "true"),
            ("ETCD_PEER_TRUSTED_CA_FILE", $"{PkiDirectory}/ca.pem"),
            ("ETCD_PEER_CERT_FILE", $"{PkiDirectory}/member.pem"),
            ("ETCD_PEER_KEY_FILE", $"{PkiDirectory}/member-key.pem"),
        };
        var text = new StringBuilder("# Written by ClusterWorkflows (etcd.configureMember); changes here are overwritten.\n");
        foreach (var (name, value) in lines)
        {
            text.Append(name).Append("=\"").Append(value).Append("\"\n");
        }

        return text.ToString();
    }

    private static string Host(string address) => address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;

    private static string Normalize(string pem) => pem.Trim().ReplaceLineEndings("\n") + "\n";
}
