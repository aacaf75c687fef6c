using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Definitions.Tests.TestActivities;

public sealed record HttpInput
{
    public required string Url { get; init; }
    public string Method { get; init; } = "GET";
    public Dictionary<string, string>? Headers { get; init; }
    public string? Body { get; init; }
    public JsonNode? Json { get; init; }
    public int[]? ExpectStatus { get; init; }
    public TimeSpan? Timeout { get; init; }

    [Secret]
    public string? BearerToken { get; init; }
}

public sealed record HttpOutput(int Status, string Body, JsonNode? Json, Dictionary<string, string> Headers);

[Activity("core.http", 1, Category = "Core")]
public sealed class HttpActivity : IActivity<HttpInput, HttpOutput>
{
    public Task<ActivityResult<HttpOutput>> ExecuteAsync(HttpInput input, ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.Unchanged(new HttpOutput(200, "", null, [])));
}
