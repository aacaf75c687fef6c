using System.Text;
using System.Text.Json.Nodes;
using ClusterWorkflows.Activities.Docker.Daemon;

namespace ClusterWorkflows.Activities.Docker.Tests;

public sealed class DaemonFilesTests
{
    private static ConfigureDaemonInput WithTls() => new()
    {
        Settings = new JsonObject { ["log-driver"] = "json-file" },
        Tls = new DaemonTls { Listen = "10.77.0.11:2376", CaCertificatePem = "ca", CertificatePem = "cert", KeySecret = "key" },
    };

    [Fact]
    public void DaemonJsonContent_WithTls_AddsTlsVerifyAndFilePaths()
    {
        var json = JsonNode.Parse(Encoding.UTF8.GetString(DaemonFiles.DaemonJsonContent(WithTls())))!.AsObject();

        Assert.Equal("json-file", json["log-driver"]!.GetValue<string>());
        Assert.True(json["tlsverify"]!.GetValue<bool>());
        Assert.Equal("/etc/docker/tls/ca.pem", json["tlscacert"]!.GetValue<string>());
        Assert.Equal("/etc/docker/tls/cert.pem", json["tlscert"]!.GetValue<string>());
        Assert.Equal("/etc/docker/tls/key.pem", json["tlskey"]!.GetValue<string>());
        Assert.False(json.ContainsKey("hosts"));
    }

    [Fact]
    public void DaemonJsonContent_SameInput_IsByteIdentical()
    {
        Assert.Equal(DaemonFiles.DaemonJsonContent(WithTls()), DaemonFiles.DaemonJsonContent(WithTls()));
    }

    [Fact]
    public void DefaultsContent_ExistingDockerOpts_ReplacedAndOtherLinesKept()
    {
        var current = Encoding.UTF8.GetBytes("# Docker defaults\nexport http_proxy=x\nDOCKER_OPTS=\"--dns 8.8.8.8\"\n");

        var text = Encoding.UTF8.GetString(DaemonFiles.DefaultsContent(current, "10.77.0.11:2376"));

        Assert.Equal("# Docker defaults\nexport http_proxy=x\nDOCKER_OPTS=\"-H tcp://10.77.0.11:2376\"\n", text);
    }

    [Fact]
    public void DefaultsContent_MissingFile_HasOnlyTheListener()
    {
        var text = Encoding.UTF8.GetString(DaemonFiles.DefaultsContent(null, "10.77.0.11:2376"));

        Assert.Equal("DOCKER_OPTS=\"-H tcp://10.77.0.11:2376\"\n", text);
    }

    [Fact]
    public void DefaultsContent_AlreadyWanted_Unchanged()
    {
        var once = DaemonFiles.DefaultsContent(Encoding.UTF8.GetBytes("A=1\n"), "10.77.0.11:2376");

        Assert.Equal(once, DaemonFiles.DefaultsContent(once, "10.77.0.11:2376"));
    }

    [Fact]
    public void Validate_ListenWithShellCharacters_ErrorNamesTlsListen()
    {
        var input = WithTls() with { Tls = WithTls().Tls! with { Listen = "10.0.0.1:2376\"; rm -rf /;\":1" } };

        var ex = Assert.Throws<Sdk.NonRetryableActivityException>(() => DaemonFiles.Validate(input));

        Assert.StartsWith("tls.listen:", ex.Message, StringComparison.Ordinal);
    }
}
