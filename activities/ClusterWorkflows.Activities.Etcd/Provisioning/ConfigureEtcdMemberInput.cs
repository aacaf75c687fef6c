using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ClusterWorkflows.Activities.Etcd.Connection;
using ClusterWorkflows.Activities.Ssh.Connection;

namespace ClusterWorkflows.Activities.Etcd.Provisioning;

public sealed record ConfigureEtcdMemberInput
{
    [Description("The member's host and how to reach it over SSH.")]
    public SshConnection Ssh { get; init; } = new();

    [Description("The member name (unique in the cluster; usually the host name).")]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    public string Name { get; init; } = "";

    [Description("The member's IP address: it listens and advertises on https://ADDRESS:2379 (clients) and :2380 (peers).")]
    [MinLength(1)]
    public string Address { get; init; } = "";

    [Description("Every initial member (this one included), for the initial cluster list.")]
    [MinLength(1)]
    public EtcdMemberAddress[] Members { get; init; } = [];

    [Description("The initial cluster token: unique per cluster, so members of two clusters never join each other.")]
    [MinLength(1)]
    public string ClusterToken { get; init; } = "";

    [Description("'new' when the members start together for the first time; 'existing' for a member added to a running cluster.")]
    [RegularExpression("^(new|existing)$")]
    public string ClusterState { get; init; } = "new";

    [Description("PEM of the CA that signs member and client certificates (clients and peers must present one).")]
    [MinLength(1)]
    public string CaCertificatePem { get; init; } = "";

    [Description("PEM of this member's certificate (serverAuth and clientAuth, with the address as IP SAN).")]
    [MinLength(1)]
    public string CertificatePem { get; init; } = "";

    [Description("NAME of the secret holding this member's private key (PEM); the key goes only into a 0600 file owned by etcd.")]
    [RegularExpression(EtcdFields.SecretNamePattern)]
    public string KeySecret { get; init; } = "";

    [Description("The data directory; a fresh one, so the package's default single-node data is never reused or deleted.")]
    [RegularExpression("^/[^\\s]+$")]
    public string DataDir { get; init; } = "/var/lib/etcd/cluster";

    [Description("Run the file and systemctl commands as root through sudo -n.")]
    public bool Sudo { get; init; }
}

public sealed record EtcdMemberAddress
{
    [Description("Member name.")]
    [MinLength(1)]
    public string Name { get; init; } = "";

    [Description("Member IP address.")]
    [MinLength(1)]
    public string Address { get; init; } = "";
}

public sealed record ConfigureEtcdMemberOutput
{
    [Description("The files written (empty when all were up to date).")]
    public required string[] ChangedFiles { get; init; }

    [Description("started, restarted or unchanged.")]
    public required string Action { get; init; }

    [Description("The member's client URL.")]
    public required string ClientUrl { get; init; }
}
