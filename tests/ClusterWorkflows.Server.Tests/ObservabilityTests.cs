using System.Net;
using ClusterWorkflows.Server.Tests.Fixtures;

namespace ClusterWorkflows.Server.Tests;

public sealed class ObservabilityTests(TestServerHost server) : IClassFixture<TestServerHost>
{
    [Fact]
    public async Task Metrics_AfterRuns_PrometheusTextWithEngineCounters()
    {
        using var ops = server.Operator();
        var id = await ops.StartAsync("fail-once");
        await ops.WaitForStatusAsync(id, "faulted");

        using var client = server.Client();
        var text = await client.GetStringAsync("/metrics");

        Assert.Contains("cw_runs_created_total", text, StringComparison.Ordinal);
        Assert.Contains("cw_runs_settled_total{", text, StringComparison.Ordinal);
        Assert.Contains("status=\"faulted\"", text, StringComparison.Ordinal);
        Assert.Contains("cw_step_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("cw_queue_depth", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_DocumentAndBrowsablePage_Served()
    {
        using var client = server.Client();

        var document = await client.GetJsonAsync("/api/openapi.json").ExpectAsync(HttpStatusCode.OK);
        var page = await client.GetStringAsync("/api/docs/index.html");

        Assert.Equal("ClusterWorkflows API", document["info"]!["title"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/api/runs"]!["post"]);
        Assert.NotNull(document["paths"]!["/api/runs/{id}/events"]);
        Assert.Contains("swagger", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", page.Replace("https://swagger.io", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cors_UnknownOrigin_NotAllowed()
    {
        using var client = server.Client();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/runs");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await client.SendAsync(preflight);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task OversizedBody_PayloadTooLarge()
    {
        using var admin = server.Admin();
        var huge = new string('x', 1024 * 1024 + 10);

        var body = await admin.PostJsonAsync("/api/definitions/validate", new { content = huge }).ExpectAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(413, body["status"]!.GetValue<int>());
    }
}
