using System.Text.Json.Nodes;
using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Remote;

/// <summary>
/// Saved runbooks on a server. A file is sent as text and validated there, against the server's
/// activities and saved runbooks (a runbook it calls must be saved on the server first).
/// </summary>
public sealed class RemoteDefinitions(ApiClient api) : IDefinitionBackend
{
    public async Task<IReadOnlyList<DefinitionRecord>> ListAsync(CancellationToken cancellationToken) =>
        [.. ViewReader.Items(await api.GetAsync("api/definitions", cancellationToken)).Select(ViewReader.Definition)];

    public async Task<SavedDefinition> SaveFileAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no such file: {path}", path);
        }

        var content = await File.ReadAllTextAsync(path, cancellationToken);
        JsonNode? saved;
        try
        {
            saved = await api.SendAsync(HttpMethod.Post, "api/definitions", new JsonObject { ["content"] = content }, Roles.Admin, cancellationToken);
        }
        catch (RemoteException ex) when (ex.Status == 400)
        {
            // The server names the text it was sent "content" (content:5:3); the user knows it as the file.
            throw ex.WithFields(field => field.StartsWith("content", StringComparison.Ordinal) ? path + field["content".Length..] : field);
        }

        var record = ViewReader.Definition(saved ?? throw ViewReader.Malformed("definition"));
        return new SavedDefinition(record.Id, record.Version, saved["note"]?.GetValue<string>());
    }
}
