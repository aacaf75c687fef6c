using System.Collections.Concurrent;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Pki.Tests;

/// <summary>A vault fake that keeps values in memory and counts writes.</summary>
public sealed class InMemorySecretVault : ISecretVault
{
    private readonly ConcurrentDictionary<string, string> values = new(StringComparer.Ordinal);
    private int writes;

    public int Writes => writes;

    public IReadOnlyDictionary<string, string> Values => new Dictionary<string, string>(values, StringComparer.Ordinal);

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(values.TryGetValue(name, out var value) ? value : null);
    }

    public Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        values[name] = value;
        Interlocked.Increment(ref writes);
        return Task.CompletedTask;
    }

    public string? Get(string name) => values.TryGetValue(name, out var value) ? value : null;

    /// <summary>Everything stored, for probes that must see any change.</summary>
    public string Snapshot() => string.Join("\n", values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
