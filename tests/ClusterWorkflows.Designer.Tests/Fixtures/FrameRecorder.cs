using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ClusterWorkflows.Designer.Tests.Fixtures;

/// <summary>
/// Records, inside the page, the interval between animation frames and the main thread's long tasks
/// (over 50 ms), which is what an operator sees as a stutter. A blocked main thread delays the next
/// frame, so the largest interval is the longest freeze.
/// </summary>
public sealed class FrameRecorder
{
    private const string StartScript = """
        () => {
          const intervals = [];
          const longTasks = [];
          let running = true;
          let last = performance.now();
          const started = last;
          const observer = new PerformanceObserver(list => {
            for (const entry of list.getEntries()) longTasks.push(entry.duration);
          });
          observer.observe({ type: 'longtask' });
          const tick = now => {
            intervals.push(now - last);
            last = now;
            if (running) requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
          window.__cwFrameRecorder = () => {
            running = false;
            observer.disconnect();
            return { elapsedMs: performance.now() - started, intervals, longTasks };
          };
        }
        """;

    private readonly IPage page;

    private FrameRecorder(IPage page) => this.page = page;

    public static async Task<FrameRecorder> StartAsync(IPage page)
    {
        await page.EvaluateAsync(StartScript);
        return new FrameRecorder(page);
    }

    /// <summary>Stops recording and summarises it: frames, interval percentiles, the longest freeze, long tasks.</summary>
    public async Task<JsonObject> StopAsync()
    {
        var raw = await page.EvaluateAsync<JsonElement>("() => window.__cwFrameRecorder()");
        // The first interval runs from installing the recorder to the first frame, not between frames.
        var intervals = raw.GetProperty("intervals").EnumerateArray().Skip(1).Select(e => e.GetDouble()).Order().ToList();
        var longTasks = raw.GetProperty("longTasks").EnumerateArray().Select(e => e.GetDouble()).ToList();
        return new JsonObject
        {
            ["elapsedMs"] = Math.Round(raw.GetProperty("elapsedMs").GetDouble()),
            ["frames"] = intervals.Count,
            ["intervalMedianMs"] = Percentile(intervals, 0.50),
            ["intervalP95Ms"] = Percentile(intervals, 0.95),
            ["intervalP99Ms"] = Percentile(intervals, 0.99),
            ["intervalMaxMs"] = intervals.Count == 0 ? 0 : Math.Round(intervals[^1], 1),
            ["longTasks"] = longTasks.Count,
            ["longTasksTotalMs"] = Math.Round(longTasks.Sum()),
            ["longTaskMaxMs"] = longTasks.Count == 0 ? 0 : Math.Round(longTasks.Max()),
        };
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)], 1);
}
