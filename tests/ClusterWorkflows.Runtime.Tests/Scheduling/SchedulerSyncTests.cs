using System.Text.Json.Nodes;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Tests.Scheduling;

/// <summary>Definitions to stored schedules: one per cron trigger, kept across versions, removed with their trigger.</summary>
public sealed class SchedulerSyncTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private SchedulerFixture f = null!;

    public async Task InitializeAsync() => f = await SchedulerFixture.CreateAsync(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public async Task DisposeAsync() => await f.DisposeAsync();

    private static string Workflow(int version, string triggers) => $$"""
        id: backup
        version: {{version}}
        inputs:
          target: { type: string, required: true }
        triggers:
        {{triggers}}
        steps:
          - id: note
            uses: test.effect@1
            with: { name: backup }
        """;

    private const string Nightly = """
          - cron: "0 3 * * *"
            timezone: Europe/Madrid
            name: nightly
            overlap: queue
            catchUp: last
            catchUpWindow: 6h
            inputs: { target: s3 }

        """;

    [Fact]
    public async Task SyncAsync_CronTriggers_BecomeSchedulesPinnedToTheVersion()
    {
        await f.SaveAsync(Workflow(1, Nightly + """
              - cron: "*/15 * * * *"
                inputs: { target: disk }
              - http: { path: /backup }
            """));

        var schedules = await f.Store.ListSchedulesAsync(Ct);

        Assert.Equal(["backup/cron-2", "backup/nightly"], schedules.Select(s => s.Id).Order(StringComparer.Ordinal));
        var nightly = await f.ScheduleAsync("backup/nightly");
        Assert.Equal(("backup", 1, "0 3 * * *", "Europe/Madrid"), (nightly.DefinitionId, nightly.DefinitionVersion, nightly.Cron, nightly.TimeZone));
        Assert.Equal((OverlapPolicy.Queue, CatchUpPolicy.Last, TimeSpan.FromHours(6)), (nightly.Overlap, nightly.CatchUp, nightly.CatchUpWindow));
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["target"] = "s3" }, nightly.Inputs));
        Assert.False(nightly.Paused);

        // 03:00 in Madrid is 02:00 UTC in November (CET, UTC+1).
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero), nightly.NextFireAt);
        var quarterly = await f.ScheduleAsync("backup/cron-2");
        Assert.Equal((OverlapPolicy.Skip, CatchUpPolicy.None, TimeSpan.FromHours(24)), (quarterly.Overlap, quarterly.CatchUp, quarterly.CatchUpWindow));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 12, 15, 0, TimeSpan.Zero), quarterly.NextFireAt);
    }

    [Fact]
    public async Task SyncAsync_NewVersionWithoutTheTrigger_RemovesTheSchedule()
    {
        await f.SaveAsync(Workflow(1, Nightly + "  - cron: \"@hourly\"\n    name: hourly\n    inputs: { target: disk }\n"));

        await f.SaveAsync(Workflow(2, "  - cron: \"@hourly\"\n    name: hourly\n    inputs: { target: disk }\n"));

        var schedule = Assert.Single(await f.Store.ListSchedulesAsync(Ct));
        Assert.Equal(("backup/hourly", 2), (schedule.Id, schedule.DefinitionVersion));
    }

    [Fact]
    public async Task SyncAsync_NewVersionWithoutTriggers_RemovesEverySchedule()
    {
        await f.SaveAsync(Workflow(1, Nightly));

        await f.SaveAsync(Workflow(2, "  - http: { path: /backup }\n"));

        Assert.Empty(await f.Store.ListSchedulesAsync(Ct));
    }

    [Fact]
    public async Task SyncAsync_NewVersionSameTiming_KeepsPauseAndNextFire()
    {
        await f.SaveAsync(Workflow(1, Nightly));
        Assert.True(await f.Main.Scheduler.PauseAsync("backup/nightly", "alice", "maintenance", Ct));
        var before = await f.ScheduleAsync("backup/nightly");
        f.Time.Advance(TimeSpan.FromDays(3));

        await f.SaveAsync(Workflow(2, Nightly.Replace("target: s3", "target: gcs", StringComparison.Ordinal)));

        var after = await f.ScheduleAsync("backup/nightly");
        Assert.True(after.Paused);
        Assert.Equal(2, after.DefinitionVersion);
        Assert.Equal(before.NextFireAt, after.NextFireAt);
        Assert.Equal("gcs", after.Inputs["target"]!.GetValue<string>());
    }

    [Fact]
    public async Task SyncAsync_CronChanged_RecomputesNextFireFromNow()
    {
        await f.SaveAsync(Workflow(1, Nightly));

        await f.SaveAsync(Workflow(2, Nightly.Replace("0 3 * * *", "0 4 * * *", StringComparison.Ordinal)));

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero), (await f.ScheduleAsync("backup/nightly")).NextFireAt);
    }

    [Fact]
    public async Task SyncAsync_OlderVersionAfterANewerOne_ChangesNothing()
    {
        var v1 = await f.SaveAsync(Workflow(1, Nightly));
        await f.SaveAsync(Workflow(2, "  - cron: \"@hourly\"\n    name: hourly\n    inputs: { target: disk }\n"));

        await f.Main.Scheduler.SyncAsync(v1, Ct);

        Assert.Equal(["backup/hourly"], (await f.Store.ListSchedulesAsync(Ct)).Select(s => s.Id));
    }

    [Fact]
    public async Task UpcomingAsync_ListsTheNextFiresOfEverySchedule()
    {
        await f.SaveAsync(Workflow(1, Nightly));

        var (schedule, next) = Assert.Single(await f.Main.Scheduler.UpcomingAsync(3, Ct));

        Assert.Equal("backup/nightly", schedule.Id);
        Assert.Equal(
            [
                new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero),
            ],
            next);
    }

    [Fact]
    public async Task PauseAndResume_AuditWhoAndWhy_FalseForUnknownSchedule()
    {
        await f.SaveAsync(Workflow(1, Nightly));

        Assert.True(await f.Main.Scheduler.PauseAsync("backup/nightly", "alice", "disk replacement", Ct));
        Assert.True((await f.ScheduleAsync("backup/nightly")).Paused);
        Assert.True(await f.Main.Scheduler.ResumeAsync("backup/nightly", "bob", "disk replaced", Ct));
        Assert.False((await f.ScheduleAsync("backup/nightly")).Paused);
        Assert.False(await f.Main.Scheduler.PauseAsync("backup/weekly", "alice", null, Ct));

        var pause = Assert.Single(await f.AuditAsync("schedule.pause"));
        var resume = Assert.Single(await f.AuditAsync("schedule.resume"));
        Assert.Equal(("alice", "disk replacement", "backup/nightly"), (pause.Actor, pause.Reason, pause.Details?["schedule"]?.GetValue<string>()));
        Assert.Equal(("bob", "disk replaced"), (resume.Actor, resume.Reason));
    }
}
