using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ClusterWorkflows.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace ClusterWorkflows.Server.Tests;

/// <summary>
/// A secret planted in a run's inputs and in its inventory is used by the run, and then looked for
/// everywhere the server writes: every API response, the audit log, the server's log lines and the
/// trace spans (attributes and events). It must appear nowhere.
/// </summary>
public sealed class SecretLeakTests(SecretLeakTests.ObservedServer server) : IClassFixture<SecretLeakTests.ObservedServer>
{
    private const string InputSecret = "planted-input-s3cr3t-7Q2";
    private const string InventorySecret = "planted-inventory-s3cr3t-9K4";

    public sealed class ObservedServer : TestServerHost
    {
        public RecordingLoggerProvider Logs { get; } = new();

        public List<Activity> Spans { get; } = [];

        protected override void Services(IServiceCollection services)
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
        }
    }

    [Fact]
    public async Task Run_SecretInInputsAndInventory_AppearsNowhere()
    {
        using var admin = server.Admin();
        await admin.SendJsonAsync(HttpMethod.Put, "/api/secrets/inventory_token", new { value = InventorySecret }).ExpectAsync(HttpStatusCode.NoContent);
        const string inventory = "hosts:\n  node1: { address: 10.0.0.1 }\nvars:\n  api_token: { secret: inventory_token }\n";
        var responses = new List<string>();

        var started = await admin.PostJsonAsync("/api/runs", new { workflow = "secret-echo", inputs = new { password = InputSecret }, inventory }).ExpectAsync(HttpStatusCode.Created);
        responses.Add(started.ToJsonString());
        var id = Guid.Parse(started["id"]!.GetValue<string>());
        var run = await admin.WaitForStatusAsync(id, "completed");
        responses.Add(run.ToJsonString());

        // The run really used both values: its log line was written with them (and masked).
        var logs = await admin.GetJsonAsync($"/api/runs/{id}/logs").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(logs["items"]!.AsArray(), l => l!["text"]!.GetValue<string>().Contains("the password is ***", StringComparison.Ordinal));
        foreach (var path in new[] { $"/api/runs/{id}/logs", "/api/runs?limit=500", "/api/audit?limit=1000", "/api/secrets", "/api/definitions", "/api/definitions/secret-echo" })
        {
            responses.Add((await admin.GetJsonAsync(path).ExpectAsync(HttpStatusCode.OK)).ToJsonString());
        }

        await using (var stream = await EventStream.OpenAsync(admin, $"/api/runs/{id}/events"))
        {
            responses.AddRange((await stream.ReadUntilAsync(e => e.Type == "end", TimeSpan.FromSeconds(20))).Select(e => e.Data.ToJsonString()));
        }

        var spans = server.Spans.ToList();
        Assert.Contains(spans, s => s.DisplayName == "step say" && (string?)s.GetTagItem("cw.definition") == "secret-echo");
        var traced = spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}").Concat(s.Events.Select(e => e.Name)).Append(s.DisplayName));
        foreach (var secret in new[] { InputSecret, InventorySecret })
        {
            Assert.DoesNotContain(responses, r => r.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(server.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(traced, t => t.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Traces_StepSpans_CarryTheRunAttributes()
    {
        using var ops = server.Admin();
        var id = await ops.StartAsync("steps", new { count = 2 });
        await ops.WaitForStatusAsync(id, "completed");

        var spans = server.Spans.Where(s => (string?)s.GetTagItem("cw.run.id") == id.ToString()).ToList();

        var run = Assert.Single(spans, s => s.DisplayName == "run steps");
        var item = spans.Single(s => s.DisplayName == "step each[item1]/say" && (string?)s.GetTagItem("cw.host") == "item1");
        Assert.Equal(run.TraceId, item.TraceId);
        Assert.Equal(run.SpanId, item.ParentSpanId);
        Assert.Equal("completed", item.GetTagItem("cw.outcome"));
        Assert.Equal(false, item.GetTagItem("cw.changed"));
        Assert.Equal(1, item.GetTagItem("cw.version"));
        Assert.Equal("completed", run.GetTagItem("cw.outcome"));
    }
}
