using ClusterWorkflows.Designer.Tests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClusterWorkflows.Designer.Tests;

[Collection(DesignerCollection.Name)]
public sealed class PagesTests(DesignerFixture fx)
{
    [Fact]
    public async Task RunsPage_FiltersByRunbookAndShowsNewRunsLive()
    {
        await using var session = await fx.OpenAsync(fx.AdminToken, "/runs");
        var page = session.Page;
        await page.GetByLabel("Runbook").FillAsync("needs-approval");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Runs" })).ToBeVisibleAsync();

        var runId = await fx.StartRunAsync("needs-approval");

        // No reload: the runs stream brings the new run in.
        await Expect(page.Locator($"tr[data-run='{runId}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-run='{runId}'] .badge")).ToHaveTextAsync("waiting", new() { Timeout = 30_000 });
        await Expect(page.Locator("tbody tr").Filter(new() { HasText = "live-demo" })).ToHaveCountAsync(0);
        session.AssertNoErrors();
    }

    [Fact]
    public async Task SchedulesPage_PauseWithReason_ThenResume()
    {
        await using var session = await fx.OpenAsync(fx.AdminToken, "/schedules");
        var page = session.Page;
        var row = page.Locator("tr[data-schedule='nightly-check/nightly']");
        await Expect(row).ToContainTextAsync("0 3 * * *");
        await Expect(row).ToContainTextAsync("active");

        await row.GetByRole(AriaRole.Button, new() { Name = "Pause nightly-check/nightly" }).ClickAsync();
        await session.ConfirmAsync("maintenance window", "Pause");
        await Expect(row).ToContainTextAsync("paused");

        await row.GetByRole(AriaRole.Button, new() { Name = "Resume nightly-check/nightly" }).ClickAsync();
        await session.ConfirmAsync("maintenance over", "Resume");
        await Expect(row).ToContainTextAsync("active");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task InventoryPage_ShowsHostsGroupsAndVariables_SecretsByNameOnly()
    {
        await using var session = await fx.OpenAsync(fx.ViewerToken, "/inventory");
        var page = session.Page;

        await Expect(page.Locator("tr[data-host='node1']")).ToContainTextAsync("10.77.0.11");
        await Expect(page.Locator("tr[data-group='workers']")).ToContainTextAsync("node2");
        await Expect(page.GetByText("secret inventory_api_token").First).ToBeVisibleAsync();
        session.AssertNoErrors();
    }

    [Fact]
    public async Task AuditPage_ListsDecisionsWithTheirReasons_FilteredByAction()
    {
        var runId = await fx.StartRunAsync("needs-approval");
        using (var client = fx.Api())
        {
            await ClusterWorkflows.Testing.Cw.Waits.UntilAsync(async () => (await fx.GetAsync($"/api/runs/{runId}"))["status"]!.GetValue<string>() == "waiting", TimeSpan.FromSeconds(30), "the approval to wait");
            using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, $"/api/runs/{runId}/reject", new { reason = "not today" });
            response.EnsureSuccessStatusCode();
        }

        await using var session = await fx.OpenAsync(fx.AdminToken, "/audit");
        var page = session.Page;
        await page.GetByLabel("Run id").FillAsync(runId);

        await Expect(page.Locator("tbody tr").Filter(new() { HasText = "not today" })).ToHaveCountAsync(1);
        session.AssertNoErrors();
    }

    [Fact]
    public async Task KeyboardOnly_SignInAndReachTheRunsPage()
    {
        await using var session = await fx.OpenAsync(token: null);
        var page = session.Page;

        await Expect(page.GetByLabel("API token")).ToBeFocusedAsync();
        await page.Keyboard.InsertTextAsync(fx.AdminToken);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Runbooks" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        for (var i = 0; i < 2; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Runs", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Runs" })).ToBeVisibleAsync();
        session.AssertNoErrors();
    }
}
