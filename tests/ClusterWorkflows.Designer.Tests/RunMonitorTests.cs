using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Designer.Tests.Fixtures;
using ClusterWorkflows.Testing.Cw;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClusterWorkflows.Designer.Tests;

[Collection(DesignerCollection.Name)]
public sealed class RunMonitorTests(DesignerFixture fx)
{
    private static ILocator Node(IPage page, string step) => page.Locator($"[data-step='{step}']");

    private static ILocator RunStatus(IPage page, string status) => page.Locator($".monitor .designer-bar .badge.status-{status}");

    [Fact]
    public async Task RunForm_StartsRunWithTypedInputs_MonitorShowsStatusesChangeLive()
    {
        await using var session = await fx.OpenAsync(fx.OperatorToken);
        var page = session.Page;

        await page.GetByRole(AriaRole.Button, new() { Name = "Run live-demo" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Dialog);
        await form.GetByLabel("count").FillAsync("4");
        await form.GetByLabel("cluster").SelectOptionAsync("prod");
        var token = form.GetByLabel("token");
        Assert.Equal("password", await token.GetAttributeAsync("type"));
        await token.FillAsync("s3cret-value");
        await form.GetByRole(AriaRole.Button, new() { Name = "Start run" }).ClickAsync();

        // Polled, not awaited as a navigation event: in CI the router's pushState landed between
        // WaitForURL's URL check and its waiter, which then waited 15 s for a navigation already done.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/runs/[0-9a-f-]+$"));
        // The durable delay is seen waiting (or running), then everything completes, without a reload.
        await Expect(Node(page, "nap")).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("^(running|waiting)$"));
        await Expect(Node(page, "last")).ToHaveAttributeAsync("data-status", "unchanged", new() { Timeout = 30_000 });
        await Expect(RunStatus(page, "completed")).ToBeVisibleAsync();
        await Expect(page.Locator(".flow-group[data-step='each'] .count")).ToHaveTextAsync("4 unchanged");
        await Expect(page.GetByText("s3cret-value")).ToHaveCountAsync(0);

        var runId = page.Url.Split('/')[^1];
        var run = await fx.GetAsync($"/api/runs/{runId}");
        Assert.Equal(4, run["inputs"]!["count"]!.GetValue<int>());
        Assert.Equal("prod", run["inputs"]!["cluster"]!.GetValue<string>());

        // The loop's drill-down list and one item's log (ANSI colour rendered as a coloured span).
        await page.Locator(".flow-group[data-step='each']").GetByRole(AriaRole.Button, new() { Name = "4 items" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "host2" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "each[host2]/say" }).ClickAsync();
        await Expect(page.Locator(".step-details")).ToContainTextAsync("host2");
        await page.Locator("[data-step='each/say'] .node-title").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "host1" }).ClickAsync();
        var line = page.GetByRole(AriaRole.Log).Locator(".line").First;
        await Expect(line).ToContainTextAsync("ok host1");
        Assert.StartsWith("rgb(", await line.Locator("span").First.EvaluateAsync<string>("e => e.style.color"), StringComparison.Ordinal);
        await session.ScreenshotAsync("run-monitor");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task FailDrill_RetryFromIncidentPanel_RunCompletesAndReasonIsAudited()
    {
        var runId = await fx.StartRunAsync("fail-once");
        await using var session = await fx.OpenAsync(fx.OperatorToken, $"/runs/{runId}");
        var page = session.Page;

        await Expect(Node(page, "flaky")).ToHaveAttributeAsync("data-status", "faulted", new() { Timeout = 30_000 });
        var incident = page.Locator("[data-incident='flaky']");
        await Expect(incident).ToContainTextAsync("the drill failed once");
        await session.ScreenshotAsync("run-monitor-incident");
        await incident.GetByRole(AriaRole.Button, new() { Name = "Retry", Exact = true }).ClickAsync();
        await session.ConfirmAsync("drill: retried from the browser", "Retry");

        await Expect(RunStatus(page, "completed")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(Node(page, "after")).ToHaveAttributeAsync("data-status", "unchanged");
        await Expect(page.Locator("[data-incident]")).ToHaveCountAsync(0);
        var audit = await fx.GetAsync($"/api/audit?run={runId}");
        Assert.Contains(audit["items"]!.AsArray(), a => a!["action"]!.GetValue<string>() == "run.retry" && a["reason"]?.GetValue<string>() == "drill: retried from the browser");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task ApprovalStep_ApproveWithReason_RunCompletes()
    {
        var runId = await fx.StartRunAsync("needs-approval");
        await using var session = await fx.OpenAsync(fx.OperatorToken, $"/runs/{runId}");
        var page = session.Page;

        var approval = page.Locator("[data-approval='ask']");
        await Expect(approval).ToContainTextAsync("go ahead?", new() { Timeout = 30_000 });
        await Expect(Node(page, "ask")).ToHaveAttributeAsync("data-status", "waiting");
        await approval.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await session.ConfirmAsync("change window open", "Approve");

        await Expect(RunStatus(page, "completed")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(Node(page, "done")).ToHaveAttributeAsync("data-status", "unchanged");
        var audit = await fx.GetAsync($"/api/audit?run={runId}");
        Assert.Contains(audit["items"]!.AsArray(), a => a!["reason"]?.GetValue<string>() == "change window open");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Viewer_SeesNoRunOrRetryButtons_AndTheApiRefusesWith403()
    {
        var runId = await fx.StartRunAsync("fail-once");
        await using var session = await fx.OpenAsync(fx.ViewerToken);
        var page = session.Page;

        await Expect(page.Locator("tr[data-runbook='live-demo']")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true })).ToHaveCountAsync(0);
        await page.GotoAsync($"/runs/{runId}");
        await Expect(Node(page, "flaky")).ToHaveAttributeAsync("data-status", "faulted", new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel run…" })).ToHaveCountAsync(0);

        using var viewer = fx.Api(fx.ViewerToken);
        using var start = await viewer.PostAsJsonAsync("/api/runs", new { workflow = "live-demo" });
        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        using var retry = await viewer.PostAsJsonAsync($"/api/runs/{runId}/retry", new { reason = "not mine to do" });
        Assert.Equal(HttpStatusCode.Forbidden, retry.StatusCode);
        session.AssertNoErrors();
    }

    [Fact]
    public async Task ForEachOver500Items_IsOneGroupWithCountsAndAPagedItemList()
    {
        var runId = await fx.StartRunAsync("loop-500");
        await using var session = await fx.OpenAsync(fx.AdminToken, $"/runs/{runId}");
        var page = session.Page;

        var loop = page.Locator(".flow-group[data-step='hosts']");
        await Expect(loop.GetByRole(AriaRole.Button, new() { Name = "500 items" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(RunStatus(page, "completed")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-step='hosts/check'] .count")).ToHaveTextAsync("500 unchanged");
        Assert.True(await page.Locator(".react-flow__node").CountAsync() < 10, "500 items must not become 500 nodes");
        await loop.GetByRole(AriaRole.Button, new() { Name = "500 items" }).ClickAsync();
        var items = page.GetByRole(AriaRole.Region, new() { Name = "Items of hosts" });
        await Expect(items.Locator("li")).ToHaveCountAsync(100);
        await Expect(items).ToContainTextAsync("page 1 of 5");
        await items.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Expect(items.GetByRole(AriaRole.Button, new() { Name = "node100" })).ToBeVisibleAsync();
        await session.ScreenshotAsync("run-monitor-foreach");
        session.AssertNoErrors();
    }
}
