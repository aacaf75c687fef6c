using System.Collections.Concurrent;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Testing;

/// <summary>A vault fake for activity tests: values in memory, writes counted.</summary>
public sealed class InMemorySecretVault : ISecretVault
{
    private readonly ConcurrentDictionary<string, string> values = new(StringComparer.Ordinal);
    private int writes;

    public int Writes => Volatile.Read(ref writes);

    /// <summary>A copy of everything stored.</summary>
    public IReadOnlyDictionary<string, string> Values => new Dictionary<string, string>(values, StringComparer.Ordinal);

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Get(name));
    }

    public Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        values[name] = value;
        Interlocked.Increment(ref writes);
        return Task.CompletedTask;
    }

    public string? Get(string name) => values.TryGetValue(name, out var value) ? value : null;

    /// <summary>Stores a value as test setup (not counted as a write).</summary>
    public void Set(string name, string value) => values[name] = value;

    /// <summary>Everything stored, for probes that must see any change.</summary>
    public string Snapshot() => string.Join("\n", values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
