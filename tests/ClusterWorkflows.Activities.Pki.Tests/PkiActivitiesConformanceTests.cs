using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Activities.Pki.Tests;

public sealed class PkiActivitiesConformanceTests : ActivityConformanceTests, IAsyncLifetime
{
    // One vault per test (xunit creates an instance per test); the harnesses pick it up from the container.
    private readonly InMemorySecretVault vault = new();

    protected override void Register(IServiceCollection services)
    {
        services.AddPkiActivities();
        services.AddSingleton<ISecretVault>(vault);
    }

    protected override IEnumerable<ConformanceCase> Cases()
    {
        yield return new ConformanceCase("pki.createCa@1", new JsonObject { ["name"] = "conformance", ["commonName"] = "Conformance CA" })
        {
            SecondRunUnchanged = true,
            Probe = _ => Task.FromResult(vault.Snapshot()),
        };
        yield return new ConformanceCase("pki.issueCertificate@1", new JsonObject
        {
            ["ca"] = "seeded",
            ["commonName"] = "node-1",
            ["dnsNames"] = new JsonArray("node-1", "node-1.cluster.local"),
            ["ipAddresses"] = new JsonArray("10.0.0.1"),
            ["validity"] = "90d",
            ["renewBefore"] = "10d",
        })
        {
            SecondRunUnchanged = true,
            Probe = _ => Task.FromResult(vault.Snapshot()),
        };
        yield return new ConformanceCase("pki.checkCertificate@1", new JsonObject
        {
            ["certificatePem"] = seededLeafPem,
            ["caPem"] = seededCaPem,
        })
        {
            SecondRunUnchanged = true,
        };
    }

    private string seededCaPem = "";
    private string seededLeafPem = "";

    public async Task InitializeAsync()
    {
        // issueCertificate needs a CA in the vault, checkCertificate a certificate to check.
        await using var harness = CreateHarness();
        var ca = await harness.InvokeAsync("pki.createCa@1", new JsonObject { ["name"] = "seeded", ["commonName"] = "Seeded CA" });
        seededCaPem = ca.Outputs["certificatePem"]!.GetValue<string>();
        var leaf = await harness.InvokeAsync("pki.issueCertificate@1", new JsonObject { ["ca"] = "seeded", ["commonName"] = "seeded-leaf" });
        seededLeafPem = leaf.Outputs["certificatePem"]!.GetValue<string>();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
