using System.Text.Json.Nodes;
using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Hosting.Tokens;

namespace ClusterWorkflows.Cli.Remote;

/// <summary>Secrets on a server (stored encrypted with the server's key; the server audits each change).</summary>
public sealed class RemoteSecrets(ApiClient api) : ISecretBackend
{
    public Task SetAsync(string name, string value, CancellationToken cancellationToken) =>
        api.SendAsync(HttpMethod.Put, $"api/secrets/{ApiPath.Segment(name)}", new JsonObject { ["value"] = value }, Roles.Admin, cancellationToken);

    public async Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken) =>
        [.. ViewReader.Items(await api.GetAsync("api/secrets", cancellationToken)).Select(n => n.GetValue<string>())];

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await api.SendAsync(HttpMethod.Delete, $"api/secrets/{ApiPath.Segment(name)}", null, Roles.Admin, cancellationToken);
            return true;
        }
        catch (RemoteException ex) when (ex.Status == 404)
        {
            return false;
        }
    }
}
