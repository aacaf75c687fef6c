using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Server.Tests.Fixtures;

/// <summary>Small helpers over HttpClient for the API's JSON.</summary>
public static class Api
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is string text)
        {
            request.Content = new StringContent(text, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await client.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, content.Length == 0 ? null : TryParse(content));
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body)> GetJsonAsync(this HttpClient client, string path) => client.SendJsonAsync(HttpMethod.Get, path);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> PostJsonAsync(this HttpClient client, string path, object? body = null) =>
        client.SendJsonAsync(HttpMethod.Post, path, body ?? new { });

    /// <summary>The body after asserting the status; the body is shown when the status is another.</summary>
    public static async Task<JsonNode> ExpectAsync(this Task<(HttpStatusCode Status, JsonNode? Body)> call, HttpStatusCode status)
    {
        var (actual, body) = await call;
        Assert.True(actual == status, $"expected {(int)status} {status}, got {(int)actual} {actual}: {body?.ToJsonString()}");
        return body ?? new JsonObject();
    }

    /// <summary>Starts a run and returns its id.</summary>
    public static async Task<Guid> StartAsync(this HttpClient client, string workflow, object? inputs = null)
    {
        var body = await client.PostJsonAsync("/api/runs", new { workflow, inputs = inputs ?? new { } }).ExpectAsync(HttpStatusCode.Created);
        return Guid.Parse(body["id"]!.GetValue<string>());
    }

    /// <summary>Every journal record of a run: GET /api/runs/{id} answers pages, followed here by stepsNext.</summary>
    public static async Task<JsonArray> AllStepsAsync(this HttpClient client, Guid run)
    {
        var steps = new JsonArray();
        int? next = 0;
        while (next is { } offset)
        {
            var page = await client.GetJsonAsync($"/api/runs/{run}?stepsOffset={offset}").ExpectAsync(HttpStatusCode.OK);
            foreach (var step in page["steps"]!.AsArray())
            {
                steps.Add(step!.DeepClone());
            }

            next = page["stepsNext"]?.GetValue<int>();
        }

        return steps;
    }

    /// <summary>Polls the run until its status is one of <paramref name="statuses"/> (a deadline, no fixed sleeps).</summary>
    public static async Task<JsonNode> WaitForStatusAsync(this HttpClient client, Guid run, params string[] statuses)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonNode? body = null;
        while (DateTime.UtcNow < deadline)
        {
            body = await client.GetJsonAsync($"/api/runs/{run}").ExpectAsync(HttpStatusCode.OK);
            if (statuses.Contains(body["status"]!.GetValue<string>()))
            {
                return body;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"run {run} did not reach {string.Join("/", statuses)} within 30 s; last: {body?["status"]}");
        return null!;
    }

    private static JsonNode? TryParse(string content)
    {
        try
        {
            return JsonNode.Parse(content);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(content);
        }
    }
}
