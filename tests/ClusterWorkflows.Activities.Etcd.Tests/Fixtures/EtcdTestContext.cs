using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Testing;

namespace ClusterWorkflows.Activities.Etcd.Tests.Fixtures;

/// <summary>A harness with the etcd activities and a vault holding the fixture's client key.</summary>
public sealed class EtcdTestContext : IAsyncDisposable
{
    public EtcdTestContext(EtcdServerFixture etcd)
    {
        Etcd = etcd;
        Vault = etcd.NewVault();
        Harness = new ActivityHarness(services => services.AddEtcdActivities()) { Secrets = Vault };
    }

    public EtcdServerFixture Etcd { get; }

    public InMemorySecretVault Vault { get; }

    public ActivityHarness Harness { get; }

    public RecordingActivityLog Log => Harness.Log;

    public Task<ActivityInvocation> InvokeAsync(string activity, JsonObject input, bool checkMode = false, CancellationToken ct = default) =>
        Harness.InvokeAsync(activity, input, checkMode, ct: ct);

    public ValueTask DisposeAsync() => Harness.DisposeAsync();
}
