using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ClusterWorkflows.Activities.Pki.Tests;

/// <summary>A harness with the PKI activities, an in-memory vault and a fake clock.</summary>
public sealed class PkiTestContext : IAsyncDisposable
{
    public PkiTestContext()
    {
        Harness = new ActivityHarness(services => services.AddPkiActivities(), Time) { Secrets = Vault };
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public InMemorySecretVault Vault { get; } = new();

    public ActivityHarness Harness { get; }

    public RecordingActivityLog Log => Harness.Log;

    public Task<ActivityInvocation> CreateCaAsync(string name = "cluster", string commonName = "Cluster CA", bool checkMode = false, string? keyAlgorithm = null)
    {
        var input = new JsonObject { ["name"] = name, ["commonName"] = commonName };
        if (keyAlgorithm is not null)
        {
            input["keyAlgorithm"] = keyAlgorithm;
        }

        return Harness.InvokeAsync("pki.createCa@1", input, checkMode);
    }

    public Task<ActivityInvocation> IssueAsync(JsonObject input, bool checkMode = false) =>
        Harness.InvokeAsync("pki.issueCertificate@1", input, checkMode);

    public static JsonObject Leaf(string commonName = "node-1", string[]? dns = null, string[]? ips = null) => new()
    {
        ["ca"] = "cluster",
        ["commonName"] = commonName,
        ["dnsNames"] = new JsonArray([.. (dns ?? ["node-1", "node-1.cluster.local"]).Select(n => JsonValue.Create(n))]),
        ["ipAddresses"] = new JsonArray([.. (ips ?? ["10.0.0.11", "fd00::11"]).Select(n => JsonValue.Create(n))]),
    };

    public static string Text(ActivityInvocation invocation, string output) => invocation.Outputs[output]!.GetValue<string>();

    public static X509Certificate2 Certificate(ActivityInvocation invocation, string output = "certificatePem") =>
        X509Certificate2.CreateFromPem(Text(invocation, output));

    public ValueTask DisposeAsync() => Harness.DisposeAsync();
}
