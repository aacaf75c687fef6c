using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Designer.Tests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClusterWorkflows.Designer.Tests;

/// <summary>
/// The run monitor stays usable while a forEach over 500 items finishes live: the page is open on the
/// run before the loop starts, and the frame intervals and long tasks of that stretch are recorded.
/// The test asserts what was drawn, never the time (CW_DESIGNER_BENCH_OUT=docs/BENCHMARKS.md writes the
/// measured section there).
/// </summary>
[Collection(DesignerCollection.Name)]
public sealed class MonitorSmoothnessTests(DesignerFixture fx)
{
    [Fact]
    public async Task LiveLoopOf500_MonitorFollowsEveryItem_FrameTimingIsRecorded()
    {
        var runId = await fx.StartRunAsync("loop-500-live");
        await using var session = await fx.OpenAsync(fx.OperatorToken, $"/runs/{runId}");
        var page = session.Page;
        await Expect(page.Locator("[data-approval='go']")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        var recorder = await FrameRecorder.StartAsync(page);
        using (var client = fx.Api())
        {
            using var approve = await client.PostAsJsonAsync($"/api/runs/{runId}/approve", new { step = "go", reason = "measure the monitor" });
            approve.EnsureSuccessStatusCode();
        }

        await Expect(page.Locator(".monitor .designer-bar .badge.status-completed")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var frames = await recorder.StopAsync();
        await Expect(page.Locator("[data-step='hosts/check'] .count")).ToHaveTextAsync("500 unchanged");
        Assert.True(frames["frames"]!.GetValue<int>() > 0, "no animation frame was drawn while the loop ran");
        session.AssertNoErrors();

        var run = await fx.GetAsync($"/api/runs/{runId}");
        var result = new JsonObject
        {
            ["runbook"] = "loop-500-live (an approval, then a forEach over 500 items with concurrency 50, one core.log step each)",
            ["journalRecords"] = run["stepsTotal"]!.GetValue<int>(),
            ["frames"] = frames,
        };
        await BenchmarkSection.RecordAsync(result, fx.Browser.Version, "monitor-timing.json", BenchmarkSection.WriteMonitor);
    }
}
