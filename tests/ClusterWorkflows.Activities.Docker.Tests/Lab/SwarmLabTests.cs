using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using ClusterWorkflows.Activities.Docker.Tests.Fixtures;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Testing;

namespace ClusterWorkflows.Activities.Docker.Tests.Lab;

[Collection(DockerLabCollection.Name)]
public sealed class SwarmLabTests(DockerLabFixture lab) : IAsyncLifetime
{
    private readonly InMemorySecretVault vault = new();
    private ActivityHarness harness = null!;

    public Task InitializeAsync()
    {
        harness = new ActivityHarness(services => services.AddDockerActivities()) { Secrets = vault };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private Task<ActivityInvocation> Run(string activity, JsonObject input, bool checkMode = false, CancellationToken ct = default) =>
        harness.InvokeAsync(activity, input, checkMode, ct: ct);

    /// <summary>Every test needs node1 to manage a swarm; the first call in the lab creates it (recorded for the test that checks it).</summary>
    private async Task EnsureSwarmAsync()
    {
        lab.RequireUp();
        var result = await Run("docker.initSwarm@1", new JsonObject { ["connection"] = lab.SshConnection(1), ["advertiseAddress"] = lab.Ip(1) });
        lab.FirstInit ??= result;
    }

    [LabFact]
    public async Task SwarmActivities_OverSshTunnel_ConvergeAndReportChangesTruthfully()
    {
        await EnsureSwarmAsync();
        Assert.True(lab.FirstInit!.Changed);
        Assert.NotEqual("", lab.FirstInit.Outputs["clusterId"]!.GetValue<string>());
        var again = await Run("docker.initSwarm@1", new JsonObject { ["connection"] = lab.SshConnection(1), ["advertiseAddress"] = lab.Ip(1) });
        Assert.False(again.Changed);
        Assert.Equal(lab.FirstInit.Outputs["nodeId"]!.GetValue<string>(), again.Outputs["nodeId"]!.GetValue<string>());

        // Join tokens go to the vault only.
        harness.Log.Clear();
        Assert.True((await Run("docker.saveJoinTokens@1", new JsonObject { ["connection"] = lab.SshConnection(1) }, checkMode: true)).Changed);
        Assert.Empty(vault.Values);
        var saved = await Run("docker.saveJoinTokens@1", new JsonObject { ["connection"] = lab.SshConnection(1) });
        Assert.True(saved.Changed);
        var managerToken = vault.Values["swarm.manager-token"];
        var workerToken = vault.Values["swarm.worker-token"];
        Assert.StartsWith("SWMTKN-", workerToken, StringComparison.Ordinal);
        Assert.False((await Run("docker.saveJoinTokens@1", new JsonObject { ["connection"] = lab.SshConnection(1) })).Changed);

        var join = new JsonObject
        {
            ["connection"] = lab.SshConnection(2),
            ["role"] = "worker",
            ["remoteAddress"] = $"{lab.Ip(1)}:2377",
            ["tokenSecret"] = "swarm.worker-token",
            ["advertiseAddress"] = lab.Ip(2),
        };
        Assert.True((await Run("docker.joinSwarm@1", join, checkMode: true)).Changed);
        var joined = await Run("docker.joinSwarm@1", join);
        Assert.True(joined.Changed);
        Assert.Equal("worker", joined.Outputs["role"]!.GetValue<string>());
        Assert.False((await Run("docker.joinSwarm@1", join)).Changed);
        var asManager = (JsonObject)join.DeepClone();
        asManager["role"] = "manager";
        var wrongRole = await Assert.ThrowsAsync<Sdk.NonRetryableActivityException>(() => Run("docker.joinSwarm@1", asManager));
        Assert.Contains(lab.Ip(2), wrongRole.Message, StringComparison.Ordinal);

        var everything = string.Join("\n", harness.Log.Texts.Append(saved.Outputs.ToJsonString()).Append(joined.Outputs.ToJsonString()).Append(wrongRole.Message));
        Assert.DoesNotContain(managerToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(workerToken, everything, StringComparison.Ordinal);

        // Labels: changed, then unchanged, and visible in the node list.
        var labels = new JsonObject { ["connection"] = lab.SshConnection(1), ["node"] = "node2", ["labels"] = new JsonObject { ["type"] = "db" } };
        Assert.True((await Run("docker.setNodeLabels@1", labels, checkMode: true)).Changed);
        Assert.Equal("map[]", await lab.ShellAsync(1, "docker node inspect -f '{{.Spec.Labels}}' node2"));
        Assert.True((await Run("docker.setNodeLabels@1", labels)).Changed);
        Assert.False((await Run("docker.setNodeLabels@1", labels)).Changed);
        var nodes = (await Run("docker.listNodes@1", new JsonObject { ["connection"] = lab.SshConnection(1) })).Outputs["nodes"]!.AsArray();
        Assert.Equal(2, nodes.Count);
        var node2 = nodes.Single(n => n!["hostname"]!.GetValue<string>() == "node2")!;
        Assert.Equal("db", node2["labels"]!["type"]!.GetValue<string>());
        Assert.Equal("worker", node2["role"]!.GetValue<string>());
        Assert.True(nodes.Single(n => n!["hostname"]!.GetValue<string>() == "node1")!["leader"]!.GetValue<bool>());
        var unknown = await Assert.ThrowsAsync<Sdk.NonRetryableActivityException>(() =>
            Run("docker.setNodeLabels@1", new JsonObject { ["connection"] = lab.SshConnection(1), ["node"] = "node9", ["labels"] = new JsonObject() }));
        Assert.Contains("node9", unknown.Message, StringComparison.Ordinal);

        // An encrypted overlay: created, inspectable, then unchanged; other settings are refused.
        var network = new JsonObject { ["connection"] = lab.SshConnection(1), ["name"] = "secure", ["encrypted"] = true, ["attachable"] = true };
        Assert.True((await Run("docker.ensureNetwork@1", network, checkMode: true)).Changed);
        Assert.Equal("", await lab.ShellAsync(1, "docker network ls -q --filter name=^secure$"));
        var created = await Run("docker.ensureNetwork@1", network);
        Assert.True(created.Outputs["created"]!.GetValue<bool>());
        Assert.Contains("\"encrypted\"", await lab.ShellAsync(1, "docker network inspect -f '{{json .Options}}' secure"), StringComparison.Ordinal);
        Assert.False((await Run("docker.ensureNetwork@1", network)).Changed);
        network["encrypted"] = false;
        var differs = await Assert.ThrowsAsync<Sdk.NonRetryableActivityException>(() => Run("docker.ensureNetwork@1", network));
        Assert.Contains("encrypted is true, wanted false", differs.Message, StringComparison.Ordinal);

        // A global dnsrr service runs on both hosts.
        var service = new JsonObject
        {
            ["connection"] = lab.SshConnection(1),
            ["name"] = "sleeper",
            ["image"] = "busybox:latest",
            ["mode"] = "global",
            ["endpointMode"] = "dnsrr",
            ["command"] = new JsonArray("sleep", "3600"),
        };
        Assert.True((await Run("docker.ensureService@1", service, checkMode: true)).Changed);
        Assert.Equal("", await lab.ShellAsync(1, "docker service ls -q --filter name=sleeper"));
        var ensured = await Run("docker.ensureService@1", service);
        Assert.True(ensured.Outputs["created"]!.GetValue<bool>());
        Assert.False((await Run("docker.ensureService@1", service)).Changed);
        var waited = await Run("docker.waitForService@1", new JsonObject { ["connection"] = lab.SshConnection(1), ["name"] = "sleeper", ["timeout"] = "90s" });
        Assert.Equal(2, waited.Outputs["running"]!.GetValue<int>());
        Assert.Equal(2, waited.Outputs["desired"]!.GetValue<int>());
        var inspected = await Run("docker.inspectService@1", new JsonObject { ["connection"] = lab.SshConnection(1), ["name"] = "sleeper" });
        Assert.False(inspected.Changed);
        Assert.StartsWith("busybox:latest", inspected.Outputs["image"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("global", 2, 2), (inspected.Outputs["mode"]!.GetValue<string>(), inspected.Outputs["running"]!.GetValue<int>(), inspected.Outputs["desired"]!.GetValue<int>()));
        Assert.Equal(ensured.Outputs["id"]!.GetValue<string>(), inspected.Outputs["id"]!.GetValue<string>());
        var absent = await Run("docker.inspectService@1", new JsonObject { ["connection"] = lab.SshConnection(1), ["name"] = "absent", ["allowMissing"] = true });
        Assert.False(absent.Outputs["exists"]!.GetValue<bool>());
        var unknownService = await Assert.ThrowsAsync<Sdk.NonRetryableActivityException>(() => Run("docker.inspectService@1", new JsonObject { ["connection"] = lab.SshConnection(1), ["name"] = "absent" }));
        Assert.Contains("absent", unknownService.Message, StringComparison.Ordinal);
        service["env"] = new JsonObject { ["MODE"] = "test" };
        var updated = await Run("docker.ensureService@1", service);
        Assert.True(updated.Outputs["updated"]!.GetValue<bool>());
        Assert.False((await Run("docker.ensureService@1", service)).Changed);

        // Drain and back.
        var drain = new JsonObject { ["connection"] = lab.SshConnection(1), ["node"] = "node2", ["availability"] = "drain" };
        var drained = await Run("docker.setNodeAvailability@1", drain);
        Assert.True(drained.Changed);
        Assert.Equal("active", drained.Outputs["previous"]!.GetValue<string>());
        Assert.Equal("drain", await lab.ShellAsync(1, "docker node inspect -f '{{.Spec.Availability}}' node2"));
        drain["availability"] = "active";
        var activated = await Run("docker.setNodeAvailability@1", drain);
        Assert.Equal("drain", activated.Outputs["previous"]!.GetValue<string>());
        Assert.False((await Run("docker.setNodeAvailability@1", drain)).Changed);
    }

    [LabFact]
    public async Task ConfigureDaemon_WithTls_RestartsOnceAndServesOnlyClientsWithCertificates()
    {
        await EnsureSwarmAsync();
        var certificates = TestCertificates.Create(lab.Ip(1));
        vault.Set("docker.server-key", certificates.ServerKeyPem);
        vault.Set("docker.client-key", certificates.ClientKeyPem);
        var input = new JsonObject
        {
            ["connection"] = lab.Ssh(1),
            ["settings"] = new JsonObject { ["log-driver"] = "json-file", ["log-opts"] = new JsonObject { ["max-size"] = "10m" } },
            ["tls"] = new JsonObject
            {
                ["listen"] = $"{lab.Ip(1)}:2376",
                ["caCertificatePem"] = certificates.CaPem,
                ["certificatePem"] = certificates.ServerPem,
                ["keySecret"] = "docker.server-key",
            },
        };

        var check = await Run("docker.configureDaemon@1", input, checkMode: true);
        Assert.True(check.Changed);
        Assert.Equal("missing", await lab.ShellAsync(1, "test -e /etc/docker/tls/key.pem && echo present || echo missing"));
        var first = await Run("docker.configureDaemon@1", input);
        Assert.True(first.Changed);
        Assert.True(first.Outputs["restarted"]!.GetValue<bool>());
        Assert.Contains("/etc/docker/tls/key.pem", first.Outputs["changedFiles"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("600 root", await lab.ShellAsync(1, "stat -c '%a %U' /etc/docker/tls/key.pem"));
        var second = await Run("docker.configureDaemon@1", input);
        Assert.False(second.Changed);
        Assert.False(second.Outputs["restarted"]!.GetValue<bool>());
        var keyLine = certificates.ServerKeyPem.Split('\n')[1];
        Assert.DoesNotContain(harness.Log.Texts, l => l.Contains(keyLine, StringComparison.Ordinal));

        var endpoint = new JsonObject
        {
            ["endpoint"] = $"tcp://{lab.Ip(1)}:2376",
            ["caCertificatePem"] = certificates.CaPem,
            ["clientCertificatePem"] = certificates.ClientPem,
            ["clientKeySecret"] = "docker.client-key",
        };
        var nodes = await Run("docker.listNodes@1", new JsonObject { ["connection"] = endpoint });
        Assert.Contains(nodes.Outputs["nodes"]!.AsArray(), n => n!["hostname"]!.GetValue<string>() == "node1");

        Assert.False(await AnswersWithoutClientCertificateAsync(lab.Ip(1), 2376, certificates.CaPem));
    }

    [LabFact]
    public async Task WaitForService_CancelledMidway_ThrowsOperationCanceled()
    {
        await EnsureSwarmAsync();
        await Run("docker.ensureService@1", new JsonObject
        {
            ["connection"] = lab.SshConnection(1),
            ["name"] = "nowhere",
            ["image"] = "busybox:latest",
            ["replicas"] = 1,
            ["endpointMode"] = "dnsrr",
            ["constraints"] = new JsonArray("node.labels.nowhere==true"),
            ["command"] = new JsonArray("sleep", "3600"),
        });
        using var cts = new CancellationTokenSource();
        var wait = Run("docker.waitForService@1", new JsonObject { ["connection"] = lab.SshConnection(1), ["name"] = "nowhere", ["timeout"] = "5m" }, ct: cts.Token);
        await harness.Log.WaitForTextAsync("0/1 tasks running", TimeSpan.FromSeconds(30));
        Assert.False(wait.IsCompleted);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>A TLS client that trusts the CA but presents no certificate: the daemon must not answer it.</summary>
    private static async Task<bool> AnswersWithoutClientCertificateAsync(string ip, int port, string caPem)
    {
        using var ca = X509Certificate2.CreateFromPem(caPem);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(ip, port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate is not null);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = ip });
            await tls.WriteAsync(Encoding.ASCII.GetBytes($"GET /_ping HTTP/1.1\r\nHost: {ip}\r\nConnection: close\r\n\r\n"));
            var buffer = new byte[256];
            var read = await tls.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            return read > 0 && Encoding.ASCII.GetString(buffer, 0, read).StartsWith("HTTP/1.1 200", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }
}
