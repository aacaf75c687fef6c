using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Http;

[MutuallyExclusive("body", "json")]
public sealed record SendHttpRequestInput
{
    [Description("Absolute http or https URL to call.")]
    public required string Url { get; init; }

    [Description("HTTP method.")]
    [AllowedValues("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")]
    public string Method { get; init; } = "GET";

    [Description("Request headers (name to value).")]
    public Dictionary<string, string>? Headers { get; init; }

    [Description("Request body as text. Set body or json, not both.")]
    public string? Body { get; init; }

    [Description("Request body as JSON, sent with Content-Type application/json. Set body or json, not both.")]
    public JsonNode? Json { get; init; }

    [Description("Status codes that count as success; any 2xx when not set.")]
    public int[]? ExpectStatus { get; init; }

    [Description("Time allowed for the whole exchange, response body included.")]
    [PositiveDuration]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    [Description("Token sent as 'Authorization: Bearer <token>'.")]
    [Secret]
    public string? BearerToken { get; init; }
}

public sealed record SendHttpRequestOutput
{
    [Description("Response status code; 0 when the request was not sent (check mode).")]
    public required int Status { get; init; }

    [Description("Response and content headers; repeated headers are joined with ', '.")]
    public required Dictionary<string, string> Headers { get; init; }

    [Description("Response body as text, cut at 1 MiB.")]
    public required string Body { get; init; }

    [Description("The body parsed as JSON when the response is JSON, otherwise null.")]
    public JsonNode? Json { get; init; }
}
