using System.Net;
using ClusterWorkflows.Server.Tests.Fixtures;

namespace ClusterWorkflows.Server.Tests;

public sealed class EventStreamTests(TestServerHost server) : IClassFixture<TestServerHost>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunEvents_LiveRun_EveryStepInOrderThenEnd()
    {
        using var ops = server.Operator();
        var id = await ops.StartAsync("needs-approval");
        await ops.WaitForStatusAsync(id, "waiting");
        await using var stream = await EventStream.OpenAsync(server.Viewer(), $"/api/runs/{id}/events");
        var before = await stream.ReadUntilAsync(e => e.Type == "run" && e.Data["status"]!.GetValue<string>() == "waiting", Deadline);
        Assert.True(before.Any(e => e.Type == "step" && e.Data["path"]!.GetValue<string>() == "ask" && e.Data["status"]!.GetValue<string>() == "waiting"),
            string.Join("\n", before.Select(e => $"{e.Id} {e.Type} {e.Data["path"]} {e.Data["status"]} {e.Data["text"]} {e.Data["bookmark"]?.ToJsonString()}")));

        await ops.PostJsonAsync($"/api/runs/{id}/approve", new { reason = "go" }).ExpectAsync(HttpStatusCode.OK);

        var after = await stream.ReadUntilAsync(e => e.Type == "end", Deadline);
        Assert.Equal("end", after[^1].Type);
        Assert.Contains(after, e => e.Type == "step" && e.Data["path"]!.GetValue<string>() == "done" && e.Data["status"]!.GetValue<string>() == "completed");
        Assert.Contains(after, e => e.Type == "log" && e.Data["text"]!.GetValue<string>() == "approved");
        var revisions = before.Concat(after).Where(e => e.Type == "step").Select(e => e.Data["revision"]!.GetValue<long>()).ToList();
        Assert.Equal(revisions.Order(), revisions);
        var run = await ops.GetJsonAsync($"/api/runs/{id}").ExpectAsync(HttpStatusCode.OK);
        var finalSteps = run["steps"]!.AsArray().Select(s => (s!["path"]!.GetValue<string>(), s["attempt"]!.GetValue<int>(), s["status"]!.GetValue<string>())).ToHashSet();
        var lastSeen = before.Concat(after).Where(e => e.Type == "step")
            .GroupBy(e => (e.Data["path"]!.GetValue<string>(), e.Data["attempt"]!.GetValue<int>()))
            .Select(g => (g.Key.Item1, g.Key.Item2, g.Last().Data["status"]!.GetValue<string>())).ToHashSet();
        Assert.Equal(finalSteps, lastSeen);
    }

    [Fact]
    public async Task RunEvents_ReconnectWithLastEventId_ContinuesWithoutGapsOrRepeats()
    {
        using var ops = server.Operator();
        var id = await ops.StartAsync("steps", new { count = 6 });
        var run = await ops.WaitForStatusAsync(id, "completed");
        var journal = run["steps"]!.AsArray().Select(s => s!["revision"]!.GetValue<long>()).Order().ToList();
        var logs = (await ops.GetJsonAsync($"/api/runs/{id}/logs").ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray().Count;

        List<ServerEvent> first;
        await using (var stream = await EventStream.OpenAsync(server.Viewer(), $"/api/runs/{id}/events"))
        {
            first = await stream.ReadUntilAsync(e => e.Type == "step" && e.Data["revision"]!.GetValue<long>() >= journal[journal.Count / 2], Deadline);
        }

        await using var resumed = await EventStream.OpenAsync(server.Viewer(), $"/api/runs/{id}/events", first[^1].Id);
        var rest = await resumed.ReadUntilAsync(e => e.Type == "end", Deadline);

        var steps = first.Concat(rest).Where(e => e.Type == "step").Select(e => e.Data["revision"]!.GetValue<long>()).ToList();
        Assert.Equal(journal, steps);
        Assert.Equal(logs, first.Concat(rest).Count(e => e.Type == "log"));
        Assert.Equal("end", rest[^1].Type);
    }

    [Fact]
    public async Task RunsEvents_NewRun_Announced()
    {
        await using var stream = await EventStream.OpenAsync(server.Viewer(), "/api/runs/events");
        using var ops = server.Operator();

        var id = await ops.StartAsync("noop");

        var events = await stream.ReadUntilAsync(e => e.Data["id"]!.GetValue<string>() == id.ToString() && e.Data["status"]!.GetValue<string>() == "completed", Deadline);
        Assert.All(events, e => Assert.Equal("run", e.Type));
        Assert.Contains(events, e => e.Data["id"]!.GetValue<string>() == id.ToString());
    }

    [Fact]
    public async Task RunEvents_UnknownRun_NotFound()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await server.Viewer().GetJsonAsync($"/api/runs/{Guid.NewGuid()}/events")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client().GetJsonAsync($"/api/runs/{Guid.NewGuid()}/events")).Status);
    }
}
