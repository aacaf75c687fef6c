using System.Text.Json.Nodes;
using ClusterWorkflows.Activities.Etcd.Tests.Fixtures;
using ClusterWorkflows.Testing;
using ClusterWorkflows.Lab.Processes;

namespace ClusterWorkflows.Activities.Etcd.Tests.Provisioning;

/// <summary>
/// One lab host (real systemd, Debian's etcd package) that etcd.configureMember turns into a
/// single-member cluster over TLS. Shared by the provisioning tests, which run one at a time.
/// </summary>
public sealed class EtcdHostLab : TestLab
{
    public const string KeySecret = "etcd.member.key";
    public const string ClientKeySecret = "etcd.client.key";

    public EtcdHostLab()
        : base("cwetcd", "10.77.230.0/24", 1)
    {
        Certificates = TestCertificates.Create("etcd lab CA", Ip);
    }

    public string Ip => Layout.HostIp(1);

    public TestCertificates Certificates { get; }

    public InMemorySecretVault NewVault()
    {
        var vault = new InMemorySecretVault();
        vault.Set(KeySecret, Certificates.ServerKeyPem);
        vault.Set(ClientKeySecret, Certificates.ClientKeyPem);
        return vault;
    }

    /// <summary>The inputs that make node1 the only member of a new cluster.</summary>
    public JsonObject MemberInput(string token = "cw-lab-etcd") => new()
    {
        ["ssh"] = new JsonObject
        {
            ["host"] = Ip,
            ["user"] = "root",
            ["privateKeyFile"] = Layout.KeyFile,
            ["knownHostsFile"] = Layout.KnownHostsFile,
        },
        ["name"] = "node1",
        ["address"] = Ip,
        ["members"] = new JsonArray(new JsonObject { ["name"] = "node1", ["address"] = Ip }),
        ["clusterToken"] = token,
        ["caCertificatePem"] = Certificates.CaPem,
        ["certificatePem"] = Certificates.ServerPem,
        ["keySecret"] = KeySecret,
    };

    /// <summary>An etcd client connection to the member over TLS with the client certificate.</summary>
    public JsonObject ClientConnection() => new()
    {
        ["connection"] = new JsonObject
        {
            ["endpoints"] = new JsonArray($"https://{Ip}:2379"),
            ["caCertificatePem"] = Certificates.CaPem,
            ["clientCertificatePem"] = Certificates.ClientPem,
            ["clientKeySecret"] = ClientKeySecret,
        },
    };

    /// <summary>Runs a shell command on the host as root over the lab's own ssh_config.</summary>
    public async Task<string> ShellAsync(string command)
    {
        var result = await ProcessRunner.RunAsync("ssh", ["-F", Layout.SshConfigFile, "-o", "ConnectTimeout=5", "node1", command], CancellationToken.None, TimeSpan.FromSeconds(60));
        Assert.True(result.Ok, $"node1: '{command}' exited {result.ExitCode}: {result.StdErr}");
        return result.StdOut.Trim();
    }
}

[CollectionDefinition(Name)]
public sealed class EtcdHostLabCollection : ICollectionFixture<EtcdHostLab>
{
    public const string Name = "etcd-host-lab";
}
