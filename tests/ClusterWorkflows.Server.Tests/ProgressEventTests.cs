using System.Net;
using ClusterWorkflows.Server.Tests.Fixtures;

namespace ClusterWorkflows.Server.Tests;

public sealed class ProgressEventTests(TestServerHost server) : IClassFixture<TestServerHost>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunEvents_LongStep_ProgressEventsWhileItRuns()
    {
        using var ops = server.Operator();
        var id = await ops.StartAsync("progress");
        await using var stream = await EventStream.OpenAsync(server.Viewer(), $"/api/runs/{id}/events");

        // Two reports with work done in between: the stream carries progress live, not once at the end.
        var seen = await stream.ReadUntilAsync(e => e.Type == "progress" && e.Data["done"]!.GetValue<long>() >= 3, Deadline);

        var progress = seen.Where(e => e.Type == "progress").ToList();
        var last = progress[^1];
        Assert.Equal(("copy", 1, 600L, "items"), (last.Data["path"]!.GetValue<string>(), last.Data["attempt"]!.GetValue<int>(), last.Data["total"]!.GetValue<long>(), last.Data["unit"]!.GetValue<string>()));
        Assert.StartsWith("unit ", last.Data["message"]!.GetValue<string>(), StringComparison.Ordinal);
        // Progress is not stored, so it has no stream position: a reconnect resumes from the stored events.
        Assert.All(progress, e => Assert.Null(e.Id));
        var running = seen.FindIndex(e => e.Type == "step" && e.Data["path"]!.GetValue<string>() == "copy" && e.Data["status"]!.GetValue<string>() == "running");
        Assert.InRange(running, 0, seen.IndexOf(progress[0]));
        var run = await ops.GetJsonAsync($"/api/runs/{id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("running", run["status"]!.GetValue<string>());

        await ops.PostJsonAsync($"/api/runs/{id}/cancel", new { reason = "test over" }).ExpectAsync(HttpStatusCode.OK);
        var rest = await stream.ReadUntilAsync(e => e.Type == "end", Deadline);
        var cancelled = rest.FindLastIndex(e => e.Type == "step" && e.Data["path"]!.GetValue<string>() == "copy");
        Assert.DoesNotContain(rest.Skip(cancelled + 1), e => e.Type == "progress");
    }
}
