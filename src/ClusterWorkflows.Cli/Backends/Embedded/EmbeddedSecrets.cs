using System.Text.Json.Nodes;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Backends.Embedded;

public sealed class EmbeddedSecrets(EngineServices services) : ISecretBackend
{
    public async Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        await services.Secrets.SetAsync(name, value, cancellationToken);
        await services.Store.AppendAuditAsync(new AuditRecord(0, DateTimeOffset.UtcNow, GlobalOptions.Actor(null), "secret.set", null, null, null, new JsonObject { ["name"] = name }, "cli"), cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken) =>
        services.Secrets.ListNamesAsync(cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        services.Secrets.DeleteAsync(name, cancellationToken);
}
