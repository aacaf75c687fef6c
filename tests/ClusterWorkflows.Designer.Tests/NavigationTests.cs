using ClusterWorkflows.Designer.Tests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClusterWorkflows.Designer.Tests;

[Collection(DesignerCollection.Name)]
public sealed class NavigationTests(DesignerFixture fx)
{
    [Fact]
    public async Task Login_WithAdminToken_ListsRunbooksWithRunButtons()
    {
        await using var session = await fx.OpenAsync(token: null);
        var page = session.Page;

        await page.GetByLabel("API token").FillAsync(fx.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Runbooks" })).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-runbook='bootstrap-cluster']")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Run bootstrap-cluster" })).ToBeVisibleAsync();
        Assert.Equal(fx.AdminToken, await page.EvaluateAsync<string>("sessionStorage.getItem('cw.token')"));
        Assert.Null(await page.EvaluateAsync<string?>("localStorage.getItem('cw.token')"));
        await session.ScreenshotAsync("runbooks");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Login_WithWrongToken_StaysOnLoginWithTheServersAnswer()
    {
        await using var session = await fx.OpenAsync(token: null);
        var page = session.Page;

        await page.GetByLabel("API token").FillAsync("cwt_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(page.GetByLabel("API token")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Designer_OpensBootstrapRunbook_DrawsItsStepTree()
    {
        await using var session = await fx.OpenAsync(fx.AdminToken, "/runbooks/bootstrap-cluster");
        var page = session.Page;

        await Expect(page.Locator(".graph[data-ready='true']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-step='plan']")).ToBeVisibleAsync();
        // prepare is a forEach: drawn as a group that holds its body.
        await Expect(page.Locator(".flow-group.kind-forEach[data-step='prepare']")).ToHaveCountAsync(1);
        await Expect(page.GetByText("core.log@1").First).ToBeVisibleAsync();
        await session.ScreenshotAsync("designer");
        session.AssertNoErrors();
    }
}
