using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Designer.Tests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClusterWorkflows.Designer.Tests;

/// <summary>
/// Opens the generated 300-step runbook in the browser and records how long it took (the app's own
/// performance.now() marks: from the definition's request to the first frame showing the laid-out
/// graph). The test asserts what was drawn, never the time: performance is shown by the benchmark
/// (CW_DESIGNER_BENCH_OUT=docs/BENCHMARKS.md writes the measured section there).
/// </summary>
[Collection(DesignerCollection.Name)]
public sealed class OpeningTimingTests(DesignerFixture fx)
{
    private const int Opens = 7;

    [Fact]
    public async Task LargeRunbook_OpensAndLaysOut_TimingIsRecorded()
    {
        var timings = new List<JsonObject>();
        await using var session = await fx.OpenAsync(fx.AdminToken, "/");
        var page = session.Page;
        for (var i = 0; i < Opens; i++)
        {
            // A full page load each time: nothing of the previous opening is reused but the browser's cache.
            await page.GotoAsync("/runbooks/large-300");
            await Expect(page.Locator(".graph[data-ready='true']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            var timing = await page.EvaluateAsync<JsonElement>("() => window.__cwOpenTimings[0]");
            // The designer validates the opened text on the server right after; let that finish so
            // it does not slow down the next opening's requests.
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            timings.Add(JsonNode.Parse(timing.GetRawText())!.AsObject());
        }

        // 300 activity steps and the 30 groups holding them.
        Assert.All(timings, t => Assert.Equal(330, t["steps"]!.GetValue<int>()));
        await Expect(page.Locator("[data-step='group0/g0_s0']")).ToBeVisibleAsync();
        await session.ScreenshotAsync("designer-300-steps");

        var fetch = timings.Select(t => t["fetchToRenderedMs"]!.GetValue<double>()).Order().ToList();
        var navigation = timings.Select(t => t["navigationToRenderedMs"]!.GetValue<double>()).Order().ToList();
        var result = new JsonObject
        {
            ["runbook"] = "large-300 (300 activity steps in 30 groups: plain, forEach, if)",
            ["nodes"] = timings[0]["nodes"]!.GetValue<int>(),
            ["opens"] = Opens,
            ["fetchToRenderedMs"] = new JsonArray([.. fetch.Select(v => JsonValue.Create(Math.Round(v)))]),
            ["navigationToRenderedMs"] = new JsonArray([.. navigation.Select(v => JsonValue.Create(Math.Round(v)))]),
            ["fetchToRenderedMedianMs"] = Math.Round(fetch[Opens / 2]),
            ["navigationToRenderedMedianMs"] = Math.Round(navigation[Opens / 2]),
            ["phasesOfLastOpenMs"] = Phases(timings[^1]["phases"]),
        };
        await BenchmarkSection.RecordAsync(result, fx.Browser.Version, "designer-timing.json", BenchmarkSection.WriteOpening);
    }

    /// <summary>The phases without the metadata Playwright adds to objects it hands back.</summary>
    private static JsonObject Phases(JsonNode? phases) =>
        new(phases!.AsObject().Where(p => !p.Key.StartsWith('$')).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
}
