using System.Net;
using System.Text.Json;
using ClusterWorkflows.Sdk;
using Docker.DotNet;

namespace ClusterWorkflows.Activities.Docker.Connection;

/// <summary>Turns Engine API failures into activity errors: client errors are permanent, server errors are retried.</summary>
internal static class DockerErrors
{
    public static ActivityException From(DockerApiException ex, string host, IReadOnlyList<string>? redact = null)
    {
        var message = Redact(Message(ex), redact);
        var status = (int)ex.StatusCode;
        if (message.Contains("not a swarm manager", StringComparison.OrdinalIgnoreCase)
            || message.Contains("not part of a swarm", StringComparison.OrdinalIgnoreCase))
        {
            return new NonRetryableActivityException("docker.not-manager", $"{host}: {message} (the connection must point at a swarm manager)");
        }

        return status is >= 400 and < 500 && ex.StatusCode != HttpStatusCode.RequestTimeout && ex.StatusCode != HttpStatusCode.TooManyRequests
            ? new NonRetryableActivityException($"docker.http-{status}", $"{host}: the Docker Engine refused the request ({status}): {message}")
            : new ActivityException($"docker.http-{status}", $"{host}: the Docker Engine failed ({status}): {message}");
    }

    /// <summary>The Engine's error body is {"message": "..."}; fall back to the raw body.</summary>
    public static string Message(DockerApiException ex)
    {
        var body = ex.ResponseBody ?? "";
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                return m.GetString()!.Trim();
            }
        }
        catch (JsonException)
        {
            // Not JSON: use the text as it is.
        }

        return body.Trim();
    }

    public static string Redact(string text, IReadOnlyList<string>? secrets)
    {
        foreach (var secret in secrets ?? [])
        {
            if (secret.Length > 0)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
