using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ClusterWorkflows.Activities.Etcd.Tests.Fixtures;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClusterWorkflows.Activities.Etcd.Tests;

public sealed class EtcdActivitiesConformanceTests(EtcdServerFixture etcd)
    : ActivityConformanceTests, IClassFixture<EtcdServerFixture>, IDisposable
{
    private readonly InMemorySecretVault vault = etcd.NewVault();
    private readonly TempDirectory snapshots = new("cw-etcd-conformance");

    protected override void Register(IServiceCollection services)
    {
        // The SSH provisioning activity has its own suite on a lab host (Provisioning/ConfigureMemberConformanceTests).
        services.AddEtcdClientActivities();
        services.AddSingleton<ISecretVault>(vault);
    }

    protected override IEnumerable<ConformanceCase> Cases()
    {
        yield return new ConformanceCase("etcd.checkHealth@1", etcd.Connection()) { SecondRunUnchanged = true };
        yield return new ConformanceCase("etcd.listMembers@1", etcd.Connection()) { SecondRunUnchanged = true };
        var snapshot = etcd.Connection();
        snapshot["path"] = snapshots.File("conformance.db");
        yield return new ConformanceCase("etcd.snapshot@1", snapshot)
        {
            Probe = ProbeSnapshotAsync,
        };

        // A learner: adding a voting member that never starts would cost the one-member cluster its quorum.
        var add = etcd.Connection();
        add["name"] = "conformance-learner";
        add["peerUrls"] = new JsonArray(conformancePeerUrl);
        add["isLearner"] = true;
        yield return new ConformanceCase("etcd.addMember@1", add) { SecondRunUnchanged = true, Probe = ProbeMembersAsync };
        var remove = etcd.Connection();
        remove["peerUrl"] = conformancePeerUrl;
        yield return new ConformanceCase("etcd.removeMember@1", remove) { SecondRunUnchanged = true, Probe = ProbeMembersAsync };
    }

    // Per test instance: etcd refuses to re-add a peer URL within the second it was removed (the activity then waits).
    private readonly string conformancePeerUrl = $"http://127.0.0.1:{FreePort.Next()}";

    private async Task<string> ProbeMembersAsync(CancellationToken cancellationToken)
    {
        await using var harness = CreateHarness();
        var result = await harness.InvokeAsync("etcd.listMembers@1", etcd.Connection(), ct: cancellationToken);
        return result.Outputs.ToJsonString();
    }

    private async Task<string> ProbeSnapshotAsync(CancellationToken cancellationToken)
    {
        var path = snapshots.File("conformance.db");
        if (!File.Exists(path))
        {
            return "missing";
        }

        // Content and write time: two snapshots of an idle cluster may be byte-identical.
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        return $"{Convert.ToHexString(SHA256.HashData(bytes))}@{File.GetLastWriteTimeUtc(path):O}";
    }

    public void Dispose() => snapshots.Dispose();

    [Fact]
    public void Connection_SampleInputs_CarryNoKeyMaterial()
    {
        var keyBody = etcd.Certificates.ClientKeyPem.Split('\n')[1];
        foreach (var c in Cases())
        {
            Assert.DoesNotContain(keyBody, c.Input.ToJsonString(), StringComparison.Ordinal);
            Assert.Equal(EtcdServerFixture.KeySecretName, c.Input["connection"]!["clientKeySecret"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Invoke_AllActivities_NeverLeakTheClientKey()
    {
        var keyLines = etcd.Certificates.ClientKeyPem.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(keyLines);
        await using var harness = CreateHarness();
        var outputs = new List<JsonObject>();
        foreach (var c in Cases())
        {
            outputs.Add((await harness.InvokeAsync(c.Activity, c.Input)).Outputs);
        }

        var everything = string.Join("\n", outputs.Select(o => o.ToJsonString()).Concat(harness.Log.Texts));
        Assert.Contains("healthy", everything, StringComparison.Ordinal);
        foreach (var line in keyLines)
        {
            Assert.DoesNotContain(line, everything, StringComparison.Ordinal);
        }
    }
}
