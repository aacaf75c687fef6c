using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Pki.Tests;

public sealed class IssueCertificateTests
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    [Fact]
    public async Task ExecuteAsync_NewCertificate_HasSansUsagesAndKeyIdentifiers()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync();

        var result = await pki.IssueAsync(PkiTestContext.Leaf());

        Assert.True(result.Changed);
        using var leaf = PkiTestContext.Certificate(result);
        Assert.Equal("node-1", leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["node-1", "node-1.cluster.local"], san.EnumerateDnsNames().Order(StringComparer.Ordinal));
        Assert.Equal([IPAddress.Parse("10.0.0.11"), IPAddress.Parse("fd00::11")], san.EnumerateIPAddresses().OrderBy(ip => ip.ToString(), StringComparer.Ordinal));
        var usages = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToList();
        Assert.Contains(ServerAuth, usages);
        Assert.Contains(ClientAuth, usages);
        var keyUsage = leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages;
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, keyUsage);
        Assert.False(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Single(leaf.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
        using var ca = PkiTestContext.Certificate(result, "caPem");
        var authorityKey = leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
        Assert.Equal(ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier,
            Convert.ToHexString(authorityKey.KeyIdentifier!.Value.Span));
        Assert.Equal(["DNS:node-1", "DNS:node-1.cluster.local", "IP:10.0.0.11", "IP:fd00::11"],
            result.Outputs["sans"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task ExecuteAsync_NewCertificate_ChainsToCaAndMatchesStoredKey()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync();

        var result = await pki.IssueAsync(PkiTestContext.Leaf());

        using var leaf = PkiTestContext.Certificate(result);
        using var ca = PkiTestContext.Certificate(result, "caPem");
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = pki.Time.GetUtcNow().UtcDateTime;
        Assert.True(chain.Build(leaf), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal("pki.cluster.node-1.key", PkiTestContext.Text(result, "keySecret"));
        using var withKey = X509Certificate2.CreateFromPem(PkiTestContext.Text(result, "certificatePem"), pki.Vault.Get("pki.cluster.node-1.key"));
        Assert.True(withKey.HasPrivateKey);
        Assert.Equal(leaf.RawData, Convert.FromBase64String(pki.Vault.Get("pki.cluster.node-1.crt")!));
    }

    [Fact]
    public async Task ExecuteAsync_PrivateKeys_NeverInOutputsOrLogs()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync();

        var issued = await pki.IssueAsync(PkiTestContext.Leaf());
        var again = await pki.IssueAsync(PkiTestContext.Leaf());

        foreach (var name in new[] { "pki.cluster.node-1.key", "pki.cluster.ca.key" })
        {
            var key = pki.Vault.Get(name)!;
            CreateCertificateAuthorityTests.AssertNoKeyMaterial(key, issued.Outputs.ToJsonString() + again.Outputs.ToJsonString(), pki.Log);
        }
    }

    /// <summary>The host masks every vault value in the run's journal; the public outputs must not contain one.</summary>
    [Fact]
    public async Task ExecuteAsync_Outputs_ContainNoVaultValueTheRunWouldMask()
    {
        await using var pki = new PkiTestContext();
        var ca = await pki.CreateCaAsync();
        var issued = await pki.IssueAsync(PkiTestContext.Leaf());
        var again = await pki.IssueAsync(PkiTestContext.Leaf());

        var outputs = ca.Outputs.ToJsonString() + issued.Outputs.ToJsonString() + again.Outputs.ToJsonString();
        Assert.Equal(4, pki.Vault.Values.Count);
        foreach (var (name, value) in pki.Vault.Values)
        {
            Assert.False(outputs.Contains(value, StringComparison.Ordinal), $"the outputs contain the vault value of {name}");
        }
    }

    [Fact]
    public async Task ExecuteAsync_SameInputsAgain_Unchanged()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync();
        var first = await pki.IssueAsync(PkiTestContext.Leaf());
        var writes = pki.Vault.Writes;

        var second = await pki.IssueAsync(PkiTestContext.Leaf(dns: ["NODE-1.cluster.local", "node-1"], ips: ["fd00::11", "10.0.0.11"]));

        Assert.False(second.Changed);
        Assert.Equal(writes, pki.Vault.Writes);
        Assert.Equal(PkiTestContext.Text(first, "fingerprint"), PkiTestContext.Text(second, "fingerprint"));
    }

    [Fact]
    public async Task ExecuteAsync_InsideRenewBefore_Reissues()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync();
        var first = await pki.IssueAsync(PkiTestContext.Leaf());
        pki.Time.Advance(TimeSpan.FromDays(300));
        var outside = await pki.IssueAsync(PkiTestContext.Leaf());
        pki.Time.Advance(TimeSpan.FromDays(40));

        var inside = await pki.IssueAsync(PkiTestContext.Leaf());

        Assert.False(outside.Changed);
        Assert.True(inside.Changed);
        Assert.NotEqual(PkiTestContext.Text(first, "fingerprint"), PkiTestContext.Text(inside, "fingerprint"));
        Assert.Equal(pki.Time.GetUtcNow().AddDays(365), inside.Outputs["notAfter"]!.GetValue<DateTimeOffset>());
        Assert.True(pki.Log.Contains("expires within renewBefore"));
    }

    [Fact]
    public async Task ExecuteAsync_DifferentNames_Reissues()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync();
        await pki.IssueAsync(PkiTestContext.Leaf());

        var moreIps = await pki.IssueAsync(PkiTestContext.Leaf(ips: ["10.0.0.11", "fd00::11", "192.168.1.11"]));
        var fewerDns = await pki.IssueAsync(PkiTestContext.Leaf(dns: ["node-1"], ips: ["10.0.0.11", "fd00::11", "192.168.1.11"]));

        Assert.True(moreIps.Changed);
        Assert.True(fewerDns.Changed);
        using var leaf = PkiTestContext.Certificate(fewerDns);
        Assert.Equal(["node-1"], leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.Equal(3, leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses().Count());
    }

    [Fact]
    public async Task ExecuteAsync_Reissue_ForcesNewKeyAndCertificate()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync();
        var first = await pki.IssueAsync(PkiTestContext.Leaf());
        var firstKey = pki.Vault.Get("pki.cluster.node-1.key");
        var input = PkiTestContext.Leaf();
        input["reissue"] = true;

        var second = await pki.IssueAsync(input);

        Assert.True(second.Changed);
        Assert.NotEqual(firstKey, pki.Vault.Get("pki.cluster.node-1.key"));
        Assert.NotEqual(PkiTestContext.Text(first, "fingerprint"), PkiTestContext.Text(second, "fingerprint"));
        using var a = PkiTestContext.Certificate(first);
        using var b = PkiTestContext.Certificate(second);
        Assert.NotEqual(a.GetPublicKey(), b.GetPublicKey());
    }

    [Fact]
    public async Task ExecuteAsync_CaReplaced_Reissues()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync(commonName: "Old CA");
        await pki.IssueAsync(PkiTestContext.Leaf());
        await pki.CreateCaAsync(commonName: "New CA");

        var result = await pki.IssueAsync(PkiTestContext.Leaf());

        Assert.True(result.Changed);
        using var leaf = PkiTestContext.Certificate(result);
        Assert.Contains("New CA", leaf.Issuer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_CheckMode_ChangesNothing()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync();
        var before = pki.Vault.Snapshot();

        var check = await pki.IssueAsync(PkiTestContext.Leaf(), checkMode: true);

        Assert.True(check.Changed);
        Assert.Equal(before, pki.Vault.Snapshot());
        await pki.IssueAsync(PkiTestContext.Leaf());
        var afterIssue = pki.Vault.Snapshot();
        var reissueInput = PkiTestContext.Leaf();
        reissueInput["reissue"] = true;
        var checkReissue = await pki.IssueAsync(reissueInput, checkMode: true);
        Assert.True(checkReissue.Changed);
        Assert.Equal(afterIssue, pki.Vault.Snapshot());
    }

    [Fact]
    public async Task ExecuteAsync_RsaKey_IssuesRsaAndReissuesOnAlgorithmChange()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync(keyAlgorithm: "rsa-3072");
        await pki.IssueAsync(PkiTestContext.Leaf());
        var input = PkiTestContext.Leaf();
        input["keyAlgorithm"] = "rsa-3072";

        var result = await pki.IssueAsync(input);

        Assert.True(result.Changed);
        using var leaf = PkiTestContext.Certificate(result);
        using var rsa = leaf.GetRSAPublicKey();
        Assert.Equal(3072, rsa?.KeySize);
        Assert.False((await pki.IssueAsync(input)).Changed);
    }

    [Fact]
    public async Task ExecuteAsync_NoCa_ThrowsNoCa()
    {
        await using var pki = new PkiTestContext();

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => pki.IssueAsync(PkiTestContext.Leaf()));

        Assert.Equal("pki.no-ca", error.Code);
    }

    [Fact]
    public async Task ExecuteAsync_BadIpAddress_NamesTheField()
    {
        await using var pki = new PkiTestContext();
        await pki.CreateCaAsync();

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => pki.IssueAsync(PkiTestContext.Leaf(ips: ["10.0.0.1", "not-an-ip"])));

        Assert.Equal("pki.bad-input", error.Code);
        Assert.Contains("ipAddresses[1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_NoVault_ThrowsNoVault()
    {
        await using var pki = new PkiTestContext();
        pki.Harness.Secrets = null;

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => pki.IssueAsync(PkiTestContext.Leaf()));

        Assert.Equal("pki.no-vault", error.Code);
    }

    [Fact]
    public async Task ExecuteAsync_ValidityBeyondCa_IsCappedAtCaExpiry()
    {
        await using var pki = new PkiTestContext();
        var ca = await pki.CreateCaAsync();
        var input = PkiTestContext.Leaf();
        input["validity"] = "5000d";

        var result = await pki.IssueAsync(input);

        Assert.Equal(ca.Outputs["notAfter"]!.GetValue<DateTimeOffset>(), result.Outputs["notAfter"]!.GetValue<DateTimeOffset>());
        Assert.IsType<JsonObject>(result.Outputs);
    }
}
