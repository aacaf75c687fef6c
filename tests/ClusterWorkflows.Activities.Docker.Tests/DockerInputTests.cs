using System.Text.Json.Nodes;
using ClusterWorkflows.Activities.Docker.Tests.Fixtures;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Testing;

namespace ClusterWorkflows.Activities.Docker.Tests;

/// <summary>Input validation and descriptor shapes, without any host.</summary>
public sealed class DockerInputTests : IAsyncDisposable
{
    private readonly InMemorySecretVault vault = new();
    private readonly ActivityHarness harness;

    public DockerInputTests()
    {
        harness = new ActivityHarness(services => services.AddDockerActivities()) { Secrets = vault };
    }

    public ValueTask DisposeAsync() => harness.DisposeAsync();

    [Fact]
    public void AddDockerActivities_RegistersEveryDockerActivity()
    {
        var references = harness.Catalog.Descriptors.Select(d => d.Reference).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
            [
                "docker.configureDaemon@1", "docker.ensureNetwork@1", "docker.ensureService@1", "docker.initSwarm@1", "docker.inspectService@1", "docker.joinSwarm@1",
                "docker.listNodes@1", "docker.saveJoinTokens@1", "docker.setNodeAvailability@1", "docker.setNodeLabels@1", "docker.waitForService@1",
            ],
            references);
    }

    [Fact]
    public async Task ListNodes_ConnectionWithNeither_ErrorNamesBothFields()
    {
        var ex = await Assert.ThrowsAsync<NonRetryableActivityException>(() =>
            harness.InvokeAsync("docker.listNodes@1", new JsonObject { ["connection"] = new JsonObject() }));

        Assert.Contains("connection.ssh", ex.Message, StringComparison.Ordinal);
        Assert.Contains("connection.endpoint", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitSwarm_ConnectionWithBoth_ErrorSaysExactlyOne()
    {
        var connection = Unreachable.Ssh();
        connection["endpoint"] = "tcp://192.0.2.10:2376";

        var ex = await Assert.ThrowsAsync<NonRetryableActivityException>(() =>
            harness.InvokeAsync("docker.initSwarm@1", new JsonObject { ["connection"] = connection, ["advertiseAddress"] = "192.0.2.10" }));

        Assert.Contains("exactly one of connection.ssh and connection.endpoint", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListNodes_EndpointWithoutCa_ErrorNamesCaField()
    {
        var connection = Unreachable.Tls();
        connection.Remove("caCertificatePem");

        var ex = await Assert.ThrowsAsync<NonRetryableActivityException>(() =>
            harness.InvokeAsync("docker.listNodes@1", new JsonObject { ["connection"] = connection }));

        Assert.Contains("connection.caCertificatePem", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListNodes_EndpointNotTcp_ErrorNamesEndpoint()
    {
        var connection = Unreachable.Tls();
        connection["endpoint"] = "unix:///var/run/docker.sock";

        var ex = await Assert.ThrowsAsync<NonRetryableActivityException>(() =>
            harness.InvokeAsync("docker.listNodes@1", new JsonObject { ["connection"] = connection }));

        Assert.Contains("connection.endpoint", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigureDaemon_SettingsWithHosts_ErrorNamesSettingsHosts()
    {
        var input = new JsonObject
        {
            ["connection"] = Unreachable.Ssh()["ssh"]!.DeepClone(),
            ["settings"] = new JsonObject { ["hosts"] = new JsonArray("tcp://0.0.0.0:2375") },
        };

        var ex = await Assert.ThrowsAsync<NonRetryableActivityException>(() => harness.InvokeAsync("docker.configureDaemon@1", input));

        Assert.Contains("settings.hosts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fd://", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JoinSwarm_AdvertiseAddressNotAnIp_ErrorNamesField()
    {
        var input = new JsonObject
        {
            ["connection"] = Unreachable.Ssh(),
            ["role"] = "worker",
            ["remoteAddress"] = "192.0.2.10:2377",
            ["tokenSecret"] = "swarm.worker-token",
            ["advertiseAddress"] = "node2",
        };

        var ex = await Assert.ThrowsAsync<NonRetryableActivityException>(() => harness.InvokeAsync("docker.joinSwarm@1", input));

        Assert.StartsWith("advertiseAddress:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptors_ConnectionAndSettings_HaveTheContractShapes()
    {
        var initSwarm = harness.Catalog.Find("docker.initSwarm", 1)!.Descriptor;
        var connection = initSwarm.InputSchema["properties"]!["connection"]!["properties"]!.AsObject();
        Assert.Equal(["ssh", "endpoint", "caCertificatePem", "clientCertificatePem", "clientKeySecret"], connection.Select(p => p.Key).ToArray());
        Assert.Equal("0.0.0.0:2377", initSwarm.FindInput("listenAddress")!.Default!.GetValue<string>());

        var daemon = harness.Catalog.Find("docker.configureDaemon", 1)!.Descriptor;
        Assert.Equal("object", daemon.FindInput("settings")!.Type);
        Assert.Equal(["connection", "settings", "tls", "sudo"], daemon.Inputs.Select(i => i.Name).ToArray());

        var tokens = harness.Catalog.Find("docker.saveJoinTokens", 1)!.Descriptor;
        Assert.Equal("swarm.manager-token", tokens.FindInput("managerTokenSecret")!.Default!.GetValue<string>());
        Assert.Equal("swarm.worker-token", tokens.FindInput("workerTokenSecret")!.Default!.GetValue<string>());

        var service = harness.Catalog.Find("docker.ensureService", 1)!.Descriptor;
        Assert.Equal(["id", "created", "updated"], service.Outputs.Select(o => o.Name).ToArray());
        Assert.Equal(["vip", "dnsrr"], service.FindInput("endpointMode")!.AllowedValues);
        Assert.Equal("2m", harness.Catalog.Find("docker.waitForService", 1)!.Descriptor.FindInput("timeout")!.Default!.GetValue<string>());
    }

    /// <summary>Connections to a documentation address (RFC 5737) that the input checks refuse before any contact.</summary>
    private static class Unreachable
    {
        public static JsonObject Ssh() => new()
        {
            ["ssh"] = new JsonObject
            {
                ["host"] = "192.0.2.10",
                ["user"] = "root",
                ["privateKeyFile"] = "/nonexistent/id_ed25519",
                ["knownHostsFile"] = "/nonexistent/known_hosts",
            },
        };

        public static JsonObject Tls() => new()
        {
            ["endpoint"] = "tcp://192.0.2.10:2376",
            ["caCertificatePem"] = "-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----",
            ["clientCertificatePem"] = "-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----",
            ["clientKeySecret"] = "docker.client-key",
        };
    }
}
