using System.Text.Json.Nodes;
using ClusterWorkflows.Runtime.Hosting;

namespace ClusterWorkflows.Cli.Backends.Embedded;

public sealed class EmbeddedActivities(EngineServices services) : IActivityBackend
{
    public Task<IReadOnlyList<JsonObject>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JsonObject>>([.. services.Catalog.Descriptors.Select(d => d.ToJson())]);
}
