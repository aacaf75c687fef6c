using System.Net;
using System.Text.Json.Nodes;
using ClusterWorkflows.Server.Tests.Fixtures;

namespace ClusterWorkflows.Server.Tests;

public sealed class RunsApiTests(TestServerHost server) : IClassFixture<TestServerHost>
{
    [Fact]
    public async Task StartRun_ValidInputs_RunsToCompletionWithJournalAndLogs()
    {
        using var ops = server.Operator();

        var id = await ops.StartAsync("steps", new { count = 2, cluster = "prod" });

        var run = await ops.WaitForStatusAsync(id, "completed");
        Assert.Equal("api", run["triggeredBy"]!.GetValue<string>());
        Assert.Equal("ops", run["createdBy"]!.GetValue<string>());
        var paths = run["steps"]!.AsArray().Select(s => s!["path"]!.GetValue<string>()).ToList();
        Assert.Contains("first", paths);
        Assert.Contains("each[item1]/say", paths);
        var logs = await ops.GetJsonAsync($"/api/runs/{id}/logs").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(logs["items"]!.AsArray(), l => l!["text"]!.GetValue<string>() == "first on prod");
        var audit = await server.Admin().GetJsonAsync($"/api/audit?run={id}").ExpectAsync(HttpStatusCode.OK);
        var start = Assert.Single(audit["items"]!.AsArray(), a => a!["action"]!.GetValue<string>() == "run.start")!;
        Assert.Equal("ops", start["actor"]!.GetValue<string>());
        Assert.Contains("(token)", start["source"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartRun_BadInputs_BadRequestNamingEachField()
    {
        using var ops = server.Operator();

        var body = await ops.PostJsonAsync("/api/runs", new { workflow = "steps", inputs = new { count = "many", cluster = "mars", extra = 1 } }).ExpectAsync(HttpStatusCode.BadRequest);

        var errors = body["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("inputs.count"), errors.ToJsonString());
        Assert.True(errors.ContainsKey("inputs.cluster"), errors.ToJsonString());
        Assert.True(errors.ContainsKey("inputs.extra"), errors.ToJsonString());
    }

    [Fact]
    public async Task StartRun_UnknownWorkflow_NotFound()
    {
        using var ops = server.Operator();

        var body = await ops.PostJsonAsync("/api/runs", new { workflow = "no-such-runbook" }).ExpectAsync(HttpStatusCode.NotFound);

        Assert.Contains("no-such-runbook", body["title"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRun_UnknownId_NotFound()
    {
        using var viewer = server.Viewer();

        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetJsonAsync($"/api/runs/{Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetJsonAsync($"/api/runs/{Guid.NewGuid()}/logs")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetJsonAsync("/api/runs/not-a-guid")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Operator().PostJsonAsync($"/api/runs/{Guid.NewGuid()}/cancel")).Status);
    }

    [Fact]
    public async Task ListRuns_FiltersAndPaging_ReturnsPages()
    {
        using var ops = server.Operator();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await ops.StartAsync("noop"));
        }

        foreach (var id in ids)
        {
            await ops.WaitForStatusAsync(id, "completed");
        }

        var first = await ops.GetJsonAsync("/api/runs?workflow=noop&status=completed&limit=2").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, first["items"]!.AsArray().Count);
        Assert.Equal(2, first["next"]!.GetValue<int>());
        var second = await ops.GetJsonAsync("/api/runs?workflow=noop&status=completed&limit=2&offset=2").ExpectAsync(HttpStatusCode.OK);
        Assert.NotEmpty(second["items"]!.AsArray());
        Assert.All(first["items"]!.AsArray().Concat(second["items"]!.AsArray()), r => Assert.Equal("noop", r!["workflow"]!.GetValue<string>()));
        var bad = await ops.GetJsonAsync("/api/runs?status=sleeping&limit=0").ExpectAsync(HttpStatusCode.BadRequest);
        Assert.True(bad["errors"]!.AsObject().ContainsKey("status"));
        Assert.True(bad["errors"]!.AsObject().ContainsKey("limit"));
    }

    [Fact]
    public async Task Retry_FaultedRun_CompletesAndConflictsAfterwards()
    {
        using var ops = server.Operator();
        var id = await ops.StartAsync("fail-once");
        var faulted = await ops.WaitForStatusAsync(id, "faulted");
        Assert.Equal("flaky", Assert.Single(faulted["incidents"]!.AsArray())!["path"]!.GetValue<string>());

        await ops.PostJsonAsync($"/api/runs/{id}/retry", new { reason = "the drill fails once" }).ExpectAsync(HttpStatusCode.OK);

        await ops.WaitForStatusAsync(id, "completed");
        var conflict = await ops.PostJsonAsync($"/api/runs/{id}/retry", new { reason = "again" }).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Contains("faulted", conflict["title"]!.GetValue<string>(), StringComparison.Ordinal);
        var audit = await server.Admin().GetJsonAsync($"/api/audit?run={id}&action=run.").ExpectAsync(HttpStatusCode.OK);
        var retry = Assert.Single(audit["items"]!.AsArray(), a => a!["action"]!.GetValue<string>() == "run.retry")!;
        Assert.Equal("the drill fails once", retry["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Skip_FaultedStep_CompletesWithGivenOutputs()
    {
        using var ops = server.Operator();
        var id = await ops.StartAsync("fail-once");
        await ops.WaitForStatusAsync(id, "faulted");

        await ops.PostJsonAsync($"/api/runs/{id}/skip", new { step = "flaky", outputs = new { attempt = 0 }, reason = "not needed" }).ExpectAsync(HttpStatusCode.OK);

        var run = await ops.WaitForStatusAsync(id, "completed");
        Assert.Contains(run["steps"]!.AsArray(), s => s!["path"]!.GetValue<string>() == "flaky" && s["status"]!.GetValue<string>() == "skipped");
        var missing = await ops.PostJsonAsync($"/api/runs/{id}/skip", new { outputs = new { } }).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.True(missing["errors"]!.AsObject().ContainsKey("step"));
    }

    [Fact]
    public async Task ResumeFrom_CompletedRun_RunsTheStepsAgain()
    {
        using var ops = server.Operator();
        var id = await ops.StartAsync("steps", new { count = 1 });
        await ops.WaitForStatusAsync(id, "completed");

        await ops.PostJsonAsync($"/api/runs/{id}/resume-from", new { step = "last", reason = "check again" }).ExpectAsync(HttpStatusCode.OK);

        var run = await ops.WaitForStatusAsync(id, "completed");
        Assert.Equal(2, run["steps"]!.AsArray().Count(s => s!["path"]!.GetValue<string>() == "last"));
    }

    [Fact]
    public async Task ApproveAndReject_WaitingRuns_ContinueOrStop()
    {
        using var ops = server.Operator();
        var approved = await ops.StartAsync("needs-approval");
        var rejected = await ops.StartAsync("needs-approval");
        var waiting = await ops.WaitForStatusAsync(approved, "waiting");
        Assert.Equal("ask", Assert.Single(waiting["approvals"]!.AsArray())!["path"]!.GetValue<string>());
        await ops.WaitForStatusAsync(rejected, "waiting");

        await ops.PostJsonAsync($"/api/runs/{approved}/approve", new { reason = "window open" }).ExpectAsync(HttpStatusCode.OK);
        await ops.PostJsonAsync($"/api/runs/{rejected}/reject", new { reason = "not today" }).ExpectAsync(HttpStatusCode.OK);

        await ops.WaitForStatusAsync(approved, "completed");
        var stopped = await ops.WaitForStatusAsync(rejected, "faulted", "cancelled");
        Assert.DoesNotContain(stopped["steps"]!.AsArray(), s => s!["path"]!.GetValue<string>() == "done" && s["status"]!.GetValue<string>() == "completed");
        await ops.PostJsonAsync($"/api/runs/{approved}/approve").ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Cancel_WaitingRun_Cancelled()
    {
        using var ops = server.Operator();
        var id = await ops.StartAsync("needs-approval");
        await ops.WaitForStatusAsync(id, "waiting");

        await ops.PostJsonAsync($"/api/runs/{id}/cancel", new { reason = "changed my mind" }).ExpectAsync(HttpStatusCode.OK);

        await ops.WaitForStatusAsync(id, "cancelled");
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Viewer().PostJsonAsync($"/api/runs/{id}/cancel")).Status);
    }

    [Fact]
    public async Task Activities_Catalog_HasSchemasAndCategories()
    {
        var catalog = (await server.Viewer().GetJsonAsync("/api/activities").ExpectAsync(HttpStatusCode.OK)).AsArray();

        var log = catalog.Single(a => a!["reference"]!.GetValue<string>() == "core.log@1")!;
        Assert.Equal("Core", log["category"]!.GetValue<string>());
        Assert.Equal("object", log["inputs"]!["type"]!.GetValue<string>());
        Assert.Contains(catalog, a => a!["category"]!.GetValue<string>() == "Docker");
        Assert.Contains(catalog, a => a!["secretInputs"]!.AsArray().Count > 0);
    }
}
