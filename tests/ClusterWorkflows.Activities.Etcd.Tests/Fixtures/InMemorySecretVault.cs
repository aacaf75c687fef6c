using System.Collections.Concurrent;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Etcd.Tests.Fixtures;

/// <summary>A vault fake that keeps values in memory.</summary>
public sealed class InMemorySecretVault : ISecretVault
{
    private readonly ConcurrentDictionary<string, string> values = new(StringComparer.Ordinal);

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(values.TryGetValue(name, out var value) ? value : null);
    }

    public Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        values[name] = value;
        return Task.CompletedTask;
    }

    public void Set(string name, string value) => values[name] = value;
}
