using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ClusterWorkflows.Activities.Etcd.Connection;
using ClusterWorkflows.Activities.Etcd.Tests.Fixtures;
using ClusterWorkflows.Sdk;
using Etcdserverpb;
using Grpc.Core;
using Xunit;

namespace ClusterWorkflows.Activities.Etcd.Tests;

public sealed class CheckEtcdHealthTests(EtcdServerFixture etcd) : IClassFixture<EtcdServerFixture>
{
    [Fact]
    public async Task CheckHealth_RunningMember_ReportsHealthyAndUnchanged()
    {
        await using var context = new EtcdTestContext(etcd);

        var result = await context.InvokeAsync("etcd.checkHealth@1", etcd.Connection());

        Assert.False(result.Changed);
        Assert.Equal(1, result.Outputs["healthyEndpoints"]!.GetValue<int>());
        var endpoint = result.Outputs["endpoints"]!.AsArray().Single()!;
        Assert.Equal(etcd.ClientUrl, endpoint["endpoint"]!.GetValue<string>());
        // A single member leads itself.
        Assert.Equal(endpoint["memberId"]!.GetValue<string>(), result.Outputs["leaderId"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{16}$", result.Outputs["leaderId"]!.GetValue<string>());
        Assert.True(endpoint["raftIndex"]!.GetValue<ulong>() > 0);
        Assert.StartsWith("3.", endpoint["version"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealth_OneDeadEndpoint_FailsRetryablyNamingIt()
    {
        await using var context = new EtcdTestContext(etcd);
        var dead = $"https://127.0.0.1:{FreePort.Next()}";

        var error = await Assert.ThrowsAsync<ActivityException>(() => context.InvokeAsync("etcd.checkHealth@1", etcd.Connection(etcd.ClientUrl, dead)));

        Assert.Equal("etcd.unhealthy", error.Code);
        Assert.True(error.Retryable);
        Assert.Contains($"{dead} (", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 of 2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain($"{etcd.ClientUrl} (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ClientWithoutCertificate_IsRefusedByTheServer()
    {
        using var ca = X509Certificate2.CreateFromPem(etcd.Certificates.CaPem);
        using var withoutCertificate = EtcdChannel.Open(new Uri(etcd.ClientUrl), ca, client: null);

        var refused = await Assert.ThrowsAsync<RpcException>(() => new Maintenance.MaintenanceClient(withoutCertificate)
            .StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);

        // The handshake itself fails: the server never lets the call through.
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);

        // The same channel setup with the client certificate is accepted, so the refusal is about the certificate.
        using var ephemeral = X509Certificate2.CreateFromPem(etcd.Certificates.ClientPem, etcd.Certificates.ClientKeyPem);
        using var client = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        using var withCertificate = EtcdChannel.Open(new Uri(etcd.ClientUrl), ca, client);
        var status = await new Maintenance.MaintenanceClient(withCertificate).StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.NotEqual(0UL, status.Leader);
    }

    [Fact]
    public async Task CheckHealth_ServerCertificateFromAnotherCa_IsNotTrusted()
    {
        await using var context = new EtcdTestContext(etcd);
        var input = etcd.Connection();
        input["connection"]!["caCertificatePem"] = TestCertificates.Create("some other CA").CaPem;

        var error = await Assert.ThrowsAsync<ActivityException>(() => context.InvokeAsync("etcd.checkHealth@1", input));

        Assert.Equal("etcd.unhealthy", error.Code);
        Assert.Contains(etcd.ClientUrl, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealth_CancelledDuringTheHandshake_ThrowsOperationCanceled()
    {
        // A listener that accepts and never answers: the TLS handshake hangs until cancelled.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var endpoint = $"https://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        await using var context = new EtcdTestContext(etcd);
        using var cts = new CancellationTokenSource();

        var run = context.InvokeAsync("etcd.checkHealth@1", etcd.Connection(endpoint), ct: cts.Token);
        using var accepted = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(run.IsCompleted);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:2379", "connection.endpoints[0]")]
    [InlineData("127.0.0.1:2379", "connection.endpoints[0]")]
    [InlineData("https://127.0.0.1", "connection.endpoints[0]")]
    public async Task CheckHealth_BadEndpoint_FailsNamingTheField(string endpoint, string field)
    {
        await using var context = new EtcdTestContext(etcd);

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => context.InvokeAsync("etcd.checkHealth@1", etcd.Connection(endpoint)));

        Assert.Equal("etcd.bad-input", error.Code);
        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealth_UnknownKeySecret_FailsNamingTheSecretNotItsValue()
    {
        await using var context = new EtcdTestContext(etcd);
        var input = etcd.Connection();
        input["connection"]!["clientKeySecret"] = "no.such.secret";

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => context.InvokeAsync("etcd.checkHealth@1", input));

        Assert.Contains("clientKeySecret", error.Message, StringComparison.Ordinal);
        Assert.Contains("no.such.secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealth_KeyNotMatchingTheCertificate_FailsWithoutLeakingTheKey()
    {
        await using var context = new EtcdTestContext(etcd);
        var otherKey = TestCertificates.Create("other").ClientKeyPem;
        context.Vault.Set(EtcdServerFixture.KeySecretName, otherKey);

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => context.InvokeAsync("etcd.checkHealth@1", etcd.Connection()));

        Assert.Equal("etcd.bad-input", error.Code);
        foreach (var line in otherKey.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(line, error.ToString(), StringComparison.Ordinal);
        }
    }
}
