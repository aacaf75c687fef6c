using ClusterWorkflows.Designer.Tests.Fixtures;
using ClusterWorkflows.Testing.Cw;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClusterWorkflows.Designer.Tests;

[Collection(DesignerCollection.Name)]
public sealed class DesignerEditTests(DesignerFixture fx)
{
    private const string Added = "added by the designer test";

    [Fact]
    public async Task PaletteActivity_DroppedFilledAndSaved_NewVersionThroughApiAndOnDisk_CommentsKept()
    {
        var file = Path.Combine(fx.Workflows, "bootstrap-cluster.yaml");
        var before = await File.ReadAllTextAsync(file);
        await using var session = await fx.OpenAsync(fx.AdminToken, "/runbooks/bootstrap-cluster");
        var page = session.Page;
        await Expect(page.Locator(".graph[data-ready='true']")).ToBeVisibleAsync();

        await page.Locator(".palette-item[data-activity='core.log@1']").DragToAsync(page.Locator("[data-step='plan']"));
        var panel = page.Locator(".step-panel");
        await Expect(panel.GetByRole(AriaRole.Heading, new() { Name = "log" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-step='log']")).ToBeVisibleAsync();
        await panel.GetByLabel("message").FillAsync(Added);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "valid" })).ToHaveTextAsync("valid");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save version…" }).ClickAsync();
        await session.ConfirmAsync("log after the plan", "Save", "Message");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "bootstrap-cluster v2" })).ToBeVisibleAsync();

        var saved = await fx.GetAsync("/api/definitions/bootstrap-cluster");
        Assert.Equal(2, saved["version"]!.GetValue<int>());
        var content = saved["content"]!.GetValue<string>();
        Assert.Contains($"message: {Added}", content, StringComparison.Ordinal);
        // Every line the edit did not touch is the author's (comments, flow style, folding) — only the version line and the new step differ.
        var newLines = content.Split('\n').Except(before.Split('\n')).ToList();
        Assert.All(newLines, l => Assert.Matches(@"^(version: 2|  - id: log|    uses: core\.log@1|    with:|      message: added by the designer test)$", l));
        Assert.Contains("# Root may keep logging in with a key only when root is the account this runbook itself uses.", content, StringComparison.Ordinal);
        await Waits.UntilAsync(() => File.ReadAllText(file).Contains(Added, StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the saved version written back to the workflows folder");

        // The diff between the two versions shows the added step.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Versions" }).ClickAsync();
        await Expect(page.Locator(".diff .diff-add").Filter(new() { HasText = Added })).ToHaveCountAsync(1);
        await session.ScreenshotAsync("designer-diff");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task BrokenInput_ShowsTheFieldErrorAndTheValidationErrorOnItsNode()
    {
        await using var session = await fx.OpenAsync(fx.AdminToken, "/runbooks/fail-once");
        var page = session.Page;

        await page.Locator("[data-step='flaky'] .node-title").ClickAsync();
        var panel = page.Locator(".step-panel");
        await panel.GetByLabel("times").FillAsync("lots");

        await Expect(panel.Locator(".field-error").Filter(new() { HasText = "must be a whole number" })).ToBeVisibleAsync();
        var problems = page.Locator("[data-step='flaky'] .node-problems");
        await Expect(problems).ToBeVisibleAsync();
        await Expect(problems).ToContainTextAsync("times");
        await Expect(page.Locator("[data-step='before'] .node-problems")).ToHaveCountAsync(0);
        await session.ScreenshotAsync("designer-validation");

        // Undo puts the valid value back and the node's problem goes away.
        await page.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await Expect(problems).ToHaveCountAsync(0);
        session.AssertNoErrors();
    }

    [Fact]
    public async Task YamlTab_EditedText_ReachesTheGraph_AndGraphEditsReachTheText()
    {
        await using var session = await fx.OpenAsync(fx.AdminToken, "/runbooks/needs-approval");
        var page = session.Page;
        await Expect(page.Locator(".graph[data-ready='true']")).ToBeVisibleAsync();

        // Graph → text: duplicate a step with the keyboard-free toolbar, then read it in the YAML view.
        await page.Locator("[data-step='done'] .node-title").ClickAsync();
        await page.Locator(".step-panel").GetByRole(AriaRole.Button, new() { Name = "Duplicate" }).ClickAsync();
        await Expect(page.Locator("[data-step='done_2']")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "YAML" }).ClickAsync();
        var editor = page.Locator(".yaml-editor .monaco-editor");
        await Expect(editor).ToContainTextAsync("id: done_2");

        // Text → graph: replace the text in the editor; the graph shows the new step.
        // Pasted (typing would get the editor's auto-indentation and closing brackets).
        await session.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.EvaluateAsync("t => navigator.clipboard.writeText(t)", "id: needs-approval\nversion: 1\nsteps:\n  - id: ask\n    approval: { message: go ahead? }\n  - id: typed_in_yaml\n    delay: 1s\n");
        await page.Locator(".yaml-editor .view-lines").ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.PressAsync("Control+V");
        await Expect(editor).ToContainTextAsync("id: typed_in_yaml");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Graph" }).ClickAsync();
        await Expect(page.Locator("[data-step='typed_in_yaml']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-step='typed_in_yaml']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("waiting-point"));
        await Expect(page.Locator("[data-step='done']")).ToHaveCountAsync(0);
        session.AssertNoErrors();
    }
}
