using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Cli.Remote;

/// <summary>Maps the server's refusals (RFC 9457 problem details) to a message and an exit code.</summary>
public static class Problems
{
    public static RemoteException From(HttpStatusCode status, string body, string requiredRole, string server)
    {
        var problem = TryParse(body);
        var title = problem?["title"] is JsonValue t && t.TryGetValue<string>(out var text) ? text : status.ToString();
        // The server lists the first 100 problems; its detail says how many more there are.
        if (problem?["moreErrors"] is JsonValue && problem["detail"] is JsonValue d && d.TryGetValue<string>(out var detail))
        {
            title = $"{title} {detail}";
        }

        var code = (int)status;
        return code switch
        {
            401 => new RemoteException($"the server at {server} does not accept the token (401 Unauthorized): it is wrong, revoked or not an API token; check --token or CW_TOKEN", ExitCodes.Usage, code),
            403 => new RemoteException($"the token's role is too low for this (403 Forbidden): it needs the {requiredRole} role (viewer < operator < admin)", ExitCodes.Usage, code),
            400 or 413 or 415 or 422 => new RemoteException(title, ExitCodes.Usage, code, Errors(problem)),
            404 => new RemoteException(title, ExitCodes.Usage, code),
            409 => new RemoteException(title, ExitCodes.Failed, code),
            >= 500 => new RemoteException($"the server failed ({code}): {title}{(problem?["traceId"] is { } trace ? $" (trace id {trace})" : "")}", ExitCodes.Failed, code),
            _ => new RemoteException($"the server answered {code}: {title}", ExitCodes.Failed, code),
        };
    }

    private static Dictionary<string, string[]>? Errors(JsonObject? problem) =>
        problem?["errors"] is JsonObject errors
            ? errors.ToDictionary(
                e => e.Key,
                e => e.Value is JsonArray messages ? messages.Select(m => m?.ToString() ?? "").ToArray() : new[] { e.Value?.ToString() ?? "" },
                StringComparer.Ordinal)
            : null;

    private static JsonObject? TryParse(string body)
    {
        try
        {
            return body.Length == 0 ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
