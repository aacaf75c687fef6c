using System.Security.Cryptography.X509Certificates;

namespace ClusterWorkflows.Runbooks.Tests;

/// <summary>Checks a bootstrapped lab from outside the engine: over SSH, with the Docker CLI and etcdctl on the hosts.</summary>
public static class ClusterChecks
{
    private const string EtcdPki = "/etc/etcd/pki";
    private const string DockerTls = "/etc/docker/tls";

    public static async Task SwarmMatchesAsync(BootstrapSession session, string advertiser, IReadOnlyDictionary<string, (string Role, string Type)> expected)
    {
        var nodes = await session.SshOkAsync(advertiser, "docker node ls --format '{{.Hostname}} {{.Status}} {{if .ManagerStatus}}manager{{else}}worker{{end}}'");
        var actual = nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToList();
        var want = expected.Select(e => $"{e.Key} Ready {e.Value.Role}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(want, actual);

        var labels = await session.SshOkAsync(advertiser, $"docker node inspect {string.Join(' ', expected.Keys)} --format '{{{{.Description.Hostname}}}}={{{{index .Spec.Labels \"type\"}}}}'");
        Assert.Equal(
            expected.Select(e => $"{e.Key}={e.Value.Type}").Order(StringComparer.Ordinal),
            labels.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
    }

    public static async Task EtcdHealthyOverTlsAsync(BootstrapSession session, string host, IReadOnlyList<string> memberAddresses)
    {
        var endpoints = string.Join(',', memberAddresses.Select(a => $"https://{a}:2379"));
        var health = await session.SshAsync(host, $"ETCDCTL_API=3 etcdctl --endpoints={endpoints} --cacert {EtcdPki}/ca.pem --cert {EtcdPki}/member.pem --key {EtcdPki}/member-key.pem endpoint health 2>&1");
        Assert.True(health.ExitCode == 0, health.StdOut + health.StdErr);
        Assert.Equal(memberAddresses.Count, health.StdOut.Split('\n').Count(l => l.Contains("is healthy", StringComparison.Ordinal)));

        var members = await session.SshOkAsync(host, $"ETCDCTL_API=3 etcdctl --endpoints={endpoints} --cacert {EtcdPki}/ca.pem --cert {EtcdPki}/member.pem --key {EtcdPki}/member-key.pem member list");
        Assert.Equal(memberAddresses.Count, members.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // A client without a certificate is turned away (client-cert-auth on the member).
        var anonymous = await session.SshAsync(host, $"ETCDCTL_API=3 etcdctl --endpoints=https://{memberAddresses[0]}:2379 --cacert {EtcdPki}/ca.pem --dial-timeout=3s --command-timeout=5s endpoint health 2>&1");
        Assert.NotEqual(0, anonymous.ExitCode);
    }

    public static async Task CertificateHasNamesAndUsagesAsync(BootstrapSession session, string host, string address)
    {
        var pem = await session.SshOkAsync(host, $"cat {EtcdPki}/member.pem");
        using var certificate = X509Certificate2.CreateFromPem(pem);
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(host, san.EnumerateDnsNames());
        Assert.Contains(address, san.EnumerateIPAddresses().Select(ip => ip.ToString()));
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value).ToList();
        Assert.Contains("1.3.6.1.5.5.7.3.1", usages);
        Assert.Contains("1.3.6.1.5.5.7.3.2", usages);
    }

    public static async Task DockerHardenedAsync(BootstrapSession session, string host, string address, bool tlsSocket)
    {
        var daemonJson = await session.SshOkAsync(host, "cat /etc/docker/daemon.json");
        Assert.Contains("\"no-new-privileges\": true", daemonJson.Replace("\":true", "\": true", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\"hosts\"", daemonJson, StringComparison.Ordinal);
        var driver = await session.SshOkAsync(host, "docker info --format '{{.LoggingDriver}} {{.Swarm.LocalNodeState}}'");
        Assert.Equal("json-file active", driver.Trim());
        if (!tlsSocket)
        {
            return;
        }

        var withCert = await session.SshAsync(host, $"docker --tlsverify --tlscacert {DockerTls}/ca.pem --tlscert {DockerTls}/cert.pem --tlskey {DockerTls}/key.pem -H tcp://{address}:2376 version --format '{{{{.Server.Version}}}}'");
        Assert.True(withCert.ExitCode == 0, withCert.StdErr);
        var withoutCert = await session.SshAsync(host, $"docker --tls --tlscacert {DockerTls}/ca.pem -H tcp://{address}:2376 version 2>&1");
        Assert.NotEqual(0, withoutCert.ExitCode);
    }

    public static async Task NetworksEncryptedAsync(BootstrapSession session, string advertiser)
    {
        var networks = await session.SshOkAsync(advertiser, "docker network inspect dbnet appnet frontnet --format '{{.Name}} {{.Driver}} {{.Attachable}} {{json .Options}}'");
        var lines = networks.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line =>
        {
            Assert.Contains(" overlay true ", line, StringComparison.Ordinal);
            Assert.Contains("\"encrypted\"", line, StringComparison.Ordinal);
        });
    }
}
