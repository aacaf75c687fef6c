using System.Text.Json.Nodes;
using ClusterWorkflows.Cli.Backends;

namespace ClusterWorkflows.Cli.Remote;

public sealed class RemoteActivities(ApiClient api) : IActivityBackend
{
    /// <summary>In the catalog's own order (type, then version), as embedded mode lists them.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(CancellationToken cancellationToken) =>
        [.. ViewReader.Items(await api.GetAsync("api/activities", cancellationToken))
            .Select(a => a as JsonObject ?? throw ViewReader.Malformed("activity"))
            .OrderBy(a => a["type"]?.ToString(), StringComparer.Ordinal)
            .ThenBy(a => a["version"]?.GetValue<int>())];
}
