using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ClusterWorkflows.Server.Hooks;
using ClusterWorkflows.Server.Tests.Fixtures;

namespace ClusterWorkflows.Server.Tests;

public sealed class HookTests(TestServerHost server) : IClassFixture<TestServerHost>, IAsyncLifetime
{
    private const string HmacKey = "a-shared-hmac-key-for-tests";
    private const string BearerToken = "a-shared-bearer-token";
    private const string AlertToken = "alertmanager-bearer";

    public async Task InitializeAsync()
    {
        using var admin = server.Admin();
        await admin.SendJsonAsync(HttpMethod.Put, "/api/secrets/deploy-hook-key", new { value = HmacKey }).ExpectAsync(HttpStatusCode.NoContent);
        await admin.SendJsonAsync(HttpMethod.Put, "/api/secrets/bearer-hook-token", new { value = BearerToken }).ExpectAsync(HttpStatusCode.NoContent);
        await admin.SendJsonAsync(HttpMethod.Put, "/api/secrets/alertmanager-token", new { value = AlertToken }).ExpectAsync(HttpStatusCode.NoContent);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Hmac_SignedRequest_StartsRunWithPathParameterAndRequest()
    {
        var body = """{"note":"from ci"}"""u8.ToArray();

        var response = await PostSignedAsync("/hooks/deploy/prod", body, HookSignature.Sign(HmacKey, DateTimeOffset.UtcNow, body));

        Assert.Equal(HttpStatusCode.Accepted, response.Status);
        var id = Guid.Parse(response.Body!["run"]!.GetValue<string>());
        var run = await server.Viewer().WaitForStatusAsync(id, "completed");
        Assert.Equal("prod", run["inputs"]!["cluster"]!.GetValue<string>());
        Assert.Equal("hook:/deploy/{cluster}", run["triggeredBy"]!.GetValue<string>());
        var request = run["inputs"]!["request"]!;
        Assert.Equal("POST", request["method"]!.GetValue<string>());
        Assert.Equal("from ci", request["body"]!["note"]!.GetValue<string>());
        Assert.Null(request["headers"]!["x-cw-signature"]);
    }

    [Fact]
    public async Task Hmac_WrongKeyOrTamperedOrStale_Unauthorized()
    {
        var body = """{"a":1}"""u8.ToArray();
        var tampered = """{"a":2}"""u8.ToArray();

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignedAsync("/hooks/deploy/lab", body, HookSignature.Sign("another-key", DateTimeOffset.UtcNow, body))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignedAsync("/hooks/deploy/lab", tampered, HookSignature.Sign(HmacKey, DateTimeOffset.UtcNow, body))).Status);
        var stale = await PostSignedAsync("/hooks/deploy/lab", body, HookSignature.Sign(HmacKey, DateTimeOffset.UtcNow.AddMinutes(-10), body));
        Assert.Equal(HttpStatusCode.Unauthorized, stale.Status);
        Assert.Contains("minutes", stale.Body!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignedAsync("/hooks/deploy/lab", body, "t=1,v1=zz")).Status);
        Assert.DoesNotContain(HmacKey, stale.Body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hmac_ReplayedRequest_ConflictAndOneRun()
    {
        var body = """{"replay":true}"""u8.ToArray();
        var signature = HookSignature.Sign(HmacKey, DateTimeOffset.UtcNow, body);
        var before = await CountRunsAsync("deploy-hook");

        Assert.Equal(HttpStatusCode.Accepted, (await PostSignedAsync("/hooks/deploy/stage", body, signature)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await PostSignedAsync("/hooks/deploy/stage", body, signature)).Status);

        Assert.Equal(before + 1, await CountRunsAsync("deploy-hook"));
    }

    [Fact]
    public async Task Bearer_RightAndWrongToken_StartsOrRefuses()
    {
        using var client = server.Client(BearerToken);
        var started = await client.PostJsonAsync("/hooks/bearer", new { note = "hello" }).ExpectAsync(HttpStatusCode.Accepted);
        var run = await server.Viewer().WaitForStatusAsync(Guid.Parse(started["run"]!.GetValue<string>()), "completed");
        Assert.Equal("hello", run["inputs"]!["note"]!.GetValue<string>());

        using var wrong = server.Client("not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostJsonAsync("/hooks/bearer", new { })).Status);
        // An API token is not the hook's token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Operator().PostJsonAsync("/hooks/bearer", new { })).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.SendJsonAsync(HttpMethod.Delete, "/hooks/bearer")).Status);
    }

    [Fact]
    public async Task OperatorHook_NeedsAnOperatorToken()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client().PostJsonAsync("/hooks/operator")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Viewer().PostJsonAsync("/hooks/operator")).Status);

        var started = await server.Operator().PostJsonAsync("/hooks/operator").ExpectAsync(HttpStatusCode.Accepted);

        var run = await server.Viewer().WaitForStatusAsync(Guid.Parse(started["run"]!.GetValue<string>()), "completed");
        Assert.Equal("ops", run["createdBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Alertmanager_TwoAlertsOneGroupAndRepeats_OneRun()
    {
        using var alertmanager = server.Client(AlertToken);
        var before = await CountRunsAsync("remediate");
        var notification = Notification("firing", "{}:{alertname=\"GaleraDown\"}", 2);

        var first = await alertmanager.PostJsonAsync("/hooks/alerts/remediate", notification).ExpectAsync(HttpStatusCode.Accepted);
        var repeat = await alertmanager.PostJsonAsync("/hooks/alerts/remediate", notification).ExpectAsync(HttpStatusCode.OK);

        Assert.False(first["deduplicated"]!.GetValue<bool>());
        Assert.True(repeat["deduplicated"]!.GetValue<bool>());
        Assert.Equal(first["run"]!.GetValue<string>(), repeat["run"]!.GetValue<string>());
        Assert.Equal(before + 1, await CountRunsAsync("remediate"));
        var run = await server.Viewer().WaitForStatusAsync(Guid.Parse(first["run"]!.GetValue<string>()), "waiting");
        Assert.Equal(2, run["inputs"]!["alert"]!["alerts"]!.AsArray().Count);
        Assert.Equal("GaleraDown", run["inputs"]!["alert"]!["commonLabels"]!["alertname"]!.GetValue<string>());

        // Another group is another run; once the first run is over, the group may start a new one.
        await alertmanager.PostJsonAsync("/hooks/alerts/remediate", Notification("firing", "{}:{alertname=\"DiskFull\"}", 1)).ExpectAsync(HttpStatusCode.Accepted);
        await server.Operator().PostJsonAsync($"/api/runs/{first["run"]}/cancel", new { reason = "test over" }).ExpectAsync(HttpStatusCode.OK);
        await server.Viewer().WaitForStatusAsync(Guid.Parse(first["run"]!.GetValue<string>()), "cancelled");
        await alertmanager.PostJsonAsync("/hooks/alerts/remediate", notification).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(before + 3, await CountRunsAsync("remediate"));
    }

    [Fact]
    public async Task Alertmanager_Resolved_StartsNothing()
    {
        using var alertmanager = server.Client(AlertToken);
        var before = await CountRunsAsync("remediate");

        var body = await alertmanager.PostJsonAsync("/hooks/alerts/remediate", Notification("resolved", "{}:{alertname=\"Resolved\"}", 1)).ExpectAsync(HttpStatusCode.Accepted);

        Assert.Contains("resolved", body["ignored"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await CountRunsAsync("remediate"));
        Assert.Equal(HttpStatusCode.BadRequest, (await alertmanager.PostJsonAsync("/hooks/alerts/remediate", new { status = "firing" })).Status);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> PostSignedAsync(string path, byte[] body, string signature)
    {
        using var client = server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(HookSignature.Header, signature);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<int> CountRunsAsync(string workflow) =>
        (await server.Admin().GetJsonAsync($"/api/runs?workflow={workflow}&limit=500").ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray().Count;

    private static JsonObject Notification(string status, string groupKey, int alerts) => new()
    {
        ["version"] = "4",
        ["groupKey"] = groupKey,
        ["status"] = status,
        ["receiver"] = "clusterworkflows",
        ["groupLabels"] = new JsonObject { ["alertname"] = groupKey.Split('"')[1] },
        ["commonLabels"] = new JsonObject { ["alertname"] = groupKey.Split('"')[1], ["severity"] = "critical" },
        ["commonAnnotations"] = new JsonObject { ["summary"] = "test" },
        ["externalURL"] = "http://alertmanager:9093",
        ["alerts"] = new JsonArray([.. Enumerable.Range(1, alerts).Select(i => (JsonNode)new JsonObject
        {
            ["status"] = status,
            ["labels"] = new JsonObject { ["alertname"] = groupKey.Split('"')[1], ["instance"] = $"db{i}" },
            ["annotations"] = new JsonObject(),
            ["startsAt"] = "2026-12-06T00:00:00Z",
            ["fingerprint"] = $"f{i}",
        })]),
    };
}
