using System.Collections.Concurrent;
using ClusterWorkflows.Server.Engine;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Auth;

/// <summary>
/// Token records by id, kept a few seconds so that a busy client does not cost a database read per
/// request. A revocation through this node applies at once; through another node within <see cref="Ttl"/>.
/// Last use is written at most once a minute per token.
/// </summary>
public sealed class TokenCache(EngineHost host)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (ApiTokenRecord? Record, DateTimeOffset At)> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> touched = new(StringComparer.Ordinal);

    public async Task<ApiTokenRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var now = host.Services.Time.GetUtcNow();
        if (entries.TryGetValue(id, out var entry) && now - entry.At < Ttl)
        {
            return entry.Record;
        }

        var record = await host.Store.GetApiTokenAsync(id, cancellationToken);
        entries[id] = (record, now);
        return record;
    }

    public void Invalidate(string id) => entries.TryRemove(id, out _);

    public async Task TouchAsync(string id, CancellationToken cancellationToken)
    {
        var now = host.Services.Time.GetUtcNow();
        if (touched.TryGetValue(id, out var last) && now - last < TouchEvery)
        {
            return;
        }

        touched[id] = now;
        await host.Store.TouchApiTokenAsync(id, now, cancellationToken);
    }
}
