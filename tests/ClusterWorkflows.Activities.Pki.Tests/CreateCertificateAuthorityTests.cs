using System.Security.Cryptography.X509Certificates;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Testing;

namespace ClusterWorkflows.Activities.Pki.Tests;

public sealed class CreateCertificateAuthorityTests
{
    [Fact]
    public async Task ExecuteAsync_NoCa_CreatesOnceThenUnchanged()
    {
        await using var pki = new PkiTestContext();

        var first = await pki.CreateCaAsync();
        var writes = pki.Vault.Writes;
        var second = await pki.CreateCaAsync();

        Assert.True(first.Changed);
        Assert.False(second.Changed);
        Assert.Equal(writes, pki.Vault.Writes);
        Assert.Equal(PkiTestContext.Text(first, "fingerprint"), PkiTestContext.Text(second, "fingerprint"));
        using var stored = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(pki.Vault.Get("pki.cluster.ca.crt")!));
        using var output = PkiTestContext.Certificate(first);
        Assert.Equal(output.RawData, stored.RawData);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pki.Vault.Get("pki.cluster.ca.key"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_NewCa_IsACaWithRequestedSubjectAndValidity()
    {
        await using var pki = new PkiTestContext();

        var result = await pki.CreateCaAsync(commonName: "Cluster, Root CA");

        using var ca = PkiTestContext.Certificate(result);
        Assert.Equal("Cluster, Root CA", ca.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(ca.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
        var notAfter = result.Outputs["notAfter"]!.GetValue<DateTimeOffset>();
        Assert.Equal(pki.Time.GetUtcNow().AddDays(3650), notAfter);
        Assert.Equal(ca.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), PkiTestContext.Text(result, "fingerprint"));
    }

    [Fact]
    public async Task ExecuteAsync_PrivateKey_NeverInOutputsOrLogs()
    {
        await using var pki = new PkiTestContext();

        var result = await pki.CreateCaAsync();

        var key = pki.Vault.Get("pki.cluster.ca.key")!;
        AssertNoKeyMaterial(key, result.Outputs.ToJsonString(), pki.Log);
    }

    [Fact]
    public async Task ExecuteAsync_KeyMissing_ReplacesCaWithWarning()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync();
        await pki.Vault.SetAsync("pki.cluster.ca.key", "garbage", CancellationToken.None);

        var second = await pki.CreateCaAsync();

        Assert.True(second.Changed);
        Assert.True(pki.Log.Contains("its key is missing or does not match"));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pki.Vault.Get("pki.cluster.ca.key"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_DifferentSubject_ReplacesCa()
    {
        await using var pki = new PkiTestContext();
        var first = await pki.CreateCaAsync(commonName: "Old CA");

        var second = await pki.CreateCaAsync(commonName: "New CA");

        Assert.True(second.Changed);
        Assert.NotEqual(PkiTestContext.Text(first, "fingerprint"), PkiTestContext.Text(second, "fingerprint"));
        Assert.True(pki.Log.Contains("replacing CA 'cluster'"));
    }

    [Fact]
    public async Task ExecuteAsync_ExpiredCa_IsReplaced()
    {
        await using var pki = new PkiTestContext();
        var first = await pki.CreateCaAsync();
        pki.Time.Advance(TimeSpan.FromDays(3651));

        var second = await pki.CreateCaAsync();

        Assert.True(second.Changed);
        Assert.NotEqual(PkiTestContext.Text(first, "fingerprint"), PkiTestContext.Text(second, "fingerprint"));
    }

    [Fact]
    public async Task ExecuteAsync_CheckMode_ReportsChangeAndWritesNothing()
    {
        await using var pki = new PkiTestContext();

        var check = await pki.CreateCaAsync(checkMode: true);

        Assert.True(check.Changed);
        Assert.Equal(0, pki.Vault.Writes);
        Assert.Equal("", PkiTestContext.Text(check, "certificatePem"));
        await pki.CreateCaAsync();
        var checkAgain = await pki.CreateCaAsync(checkMode: true);
        Assert.False(checkAgain.Changed);
    }

    [Fact]
    public async Task ExecuteAsync_RsaKey_CreatesRsaCa()
    {
        await using var pki = new PkiTestContext();

        var result = await pki.CreateCaAsync(keyAlgorithm: "rsa-3072");

        using var ca = PkiTestContext.Certificate(result);
        using var rsa = ca.GetRSAPublicKey();
        Assert.Equal(3072, rsa?.KeySize);
    }

    [Fact]
    public async Task ExecuteAsync_NoVault_ThrowsNoVault()
    {
        await using var pki = new PkiTestContext();
        pki.Harness.Secrets = null;

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => pki.CreateCaAsync());

        Assert.Equal("pki.no-vault", error.Code);
    }

    internal static void AssertNoKeyMaterial(string keyPem, string outputs, RecordingActivityLog log)
    {
        // Every base64 line of the PEM body, so a partial or reformatted leak is caught too.
        var lines = keyPem.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("-----", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            Assert.DoesNotContain(line, outputs, StringComparison.Ordinal);
            Assert.DoesNotContain(log.Lines, l => l.Text.Contains(line, StringComparison.Ordinal));
        }

        Assert.DoesNotContain("PRIVATE KEY", outputs, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Lines, l => l.Text.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }
}
