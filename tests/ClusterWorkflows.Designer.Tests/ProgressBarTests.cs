using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ClusterWorkflows.Designer.Tests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClusterWorkflows.Designer.Tests;

/// <summary>A long step's progress as a bar on its card in the run monitor (the progress drill, 600 items a minute).</summary>
[Collection(DesignerCollection.Name)]
public sealed partial class ProgressBarTests(DesignerFixture fx)
{
    [Fact]
    public async Task Monitor_LongStep_ShowsABarThatMovesWhileTheStepRuns()
    {
        var runId = await fx.StartRunAsync("progress");
        await using var session = await fx.OpenAsync(fx.OperatorToken, $"/runs/{runId}");
        var page = session.Page;
        var card = page.Locator("[data-step='copy']");
        var bar = card.GetByRole(AriaRole.Progressbar, new() { Name = "Progress of copy" });
        try
        {
            await Expect(card).ToHaveAttributeAsync("data-status", "running", new() { Timeout = 30_000 });
            await Expect(bar).ToHaveAttributeAsync("aria-valuetext", Figures(), new() { Timeout = 30_000 });
            var first = Done(await bar.GetAttributeAsync("aria-valuetext"));
            // Live: the figures move on without a reload while the step is still running.
            await Expect(bar).Not.ToHaveAttributeAsync("aria-valuetext", $"{first * 100 / 600}% · {first} / 600 items", new() { Timeout = 30_000 });
            await Expect(card).ToHaveAttributeAsync("data-status", "running");
            await Expect(bar.Locator(".fill")).ToHaveAttributeAsync("style", new Regex(@"width: \d+%"));
            await session.ScreenshotAsync("run-monitor-progress");
        }
        finally
        {
            using var client = fx.Api(fx.OperatorToken);
            (await client.PostAsJsonAsync($"/api/runs/{runId}/cancel", new { reason = "test over" })).EnsureSuccessStatusCode();
        }

        // Once the step stops running its bar goes.
        await Expect(card).ToHaveAttributeAsync("data-status", "cancelled", new() { Timeout = 30_000 });
        await Expect(bar).ToHaveCountAsync(0);
        session.AssertNoErrors();
    }

    private static int Done(string? figures) => int.Parse(Figures().Match(figures ?? "").Groups["done"].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d+% · (?<done>\d+) / 600 items$")]
    private static partial Regex Figures();
}
