using System.Text.Json.Nodes;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Tests.Scheduling;

/// <summary>Ticks that start runs: what a fire creates, exactly once across nodes, and fires that cannot start a run.</summary>
public sealed class SchedulerFireTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private SchedulerFixture f = null!;

    // 12:00:30 UTC: the first every-minute fire is 12:01.
    public async Task InitializeAsync() => f = await SchedulerFixture.CreateAsync(new DateTimeOffset(2026, 11, 25, 12, 0, 30, TimeSpan.Zero));

    public async Task DisposeAsync() => await f.DisposeAsync();

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 11, 25, hour, minute, second, TimeSpan.Zero);

    private const string Ticker = """
        id: ticker
        version: 1
        inputs:
          cluster: { type: string, required: true }
        triggers:
          - cron: "* * * * *"
            overlap: allow
            inputs: { cluster: prod }
        steps:
          - id: note
            uses: test.effect@1
            with: { name: tick, value: "${{ inputs.cluster }}" }
        """;

    [Fact]
    public async Task TickAsync_Due_StartsOneRunMarkedAsScheduledAndAuditsIt()
    {
        await f.SaveAsync(Ticker);
        Assert.Equal(0, await f.TickAsync());
        f.Time.SetUtcNow(At(12, 1, 10));

        Assert.Equal(1, await f.TickAsync());
        Assert.Equal(0, await f.TickAsync());

        var run = Assert.Single(await f.RunsAsync("ticker/cron"));
        Assert.Equal(("ticker", 1, RunStatus.Pending), (run.DefinitionId, run.DefinitionVersion, run.Status));
        Assert.Equal(("schedule:ticker/cron", "scheduler"), (run.TriggeredBy, run.CreatedBy));
        Assert.Equal("prod", run.Inputs["cluster"]!.GetValue<string>());
        var fire = Assert.Single(await f.FiresAsync("ticker/cron"));
        Assert.Equal(new ScheduleFire("ticker/cron", At(12, 1), FireOutcome.Started, run.Id, "node-a", At(12, 1, 10)), fire);
        var schedule = await f.ScheduleAsync("ticker/cron");
        Assert.Equal((At(12, 2), At(12, 1)), (schedule.NextFireAt, schedule.LastFireAt));
        var audit = Assert.Single(await f.AuditAsync("schedule.fire"));
        Assert.Equal(("scheduler", run.Id, "node-a"), (audit.Actor, audit.RunId, audit.Source));
        Assert.Equal("ticker/cron", audit.Details?["schedule"]?.GetValue<string>());

        var done = await f.Main.Engine.ExecuteOnceAsync(run.Id, Ct);
        Assert.Equal(RunStatus.Completed, done?.Status);
        Assert.Equal(1, f.Effects.Count("tick"));
    }

    [Fact]
    public async Task TickAsync_ThreeNodesRacingOnTheSameView_FireEveryInstantExactlyOnce()
    {
        await f.SaveAsync(Ticker.Replace("""
              - cron: "* * * * *"
            """, """
              - cron: "*/10 * * * * *"
                name: fast
                overlap: allow
                inputs: { cluster: staging }
              - cron: "* * * * *"
            """, StringComparison.Ordinal));
        // A backlog the three nodes catch up on together in their first tick: 10:00 to 12:00 every 5 minutes.
        await f.Store.UpsertScheduleAsync(
            new ScheduleRecord
            {
                Id = "ticker/backlog", DefinitionId = "ticker", DefinitionVersion = 1, Cron = "*/5 * * * *",
                Inputs = new JsonObject { ["cluster"] = "dr" }, Overlap = OverlapPolicy.Allow, CatchUp = CatchUpPolicy.All,
                NextFireAt = At(10, 0), UpdatedAt = f.Now,
            },
            Ct);
        using var barrier = new Barrier(3);
        SchedulerNode[] nodes =
        [
            await f.AddNodeAsync("node-x", s => RacingStore.Wrap(s, barrier)),
            await f.AddNodeAsync("node-y", s => RacingStore.Wrap(s, barrier)),
            await f.AddNodeAsync("node-z", s => RacingStore.Wrap(s, barrier)),
        ];

        var started = 0;
        for (var tick = 0; tick < 60; tick++)
        {
            f.Time.Advance(TimeSpan.FromSeconds(20));
            var counts = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.Scheduler.TickAsync(Ct))));
            started += counts.Sum();
        }

        // 12:00:30 + 60 × 20 s = 12:20:30: every-minute instants 12:01..12:20, every-10-seconds ones 12:00:40..12:20:30,
        // every-5-minutes ones 10:00..12:20.
        var minutes = Enumerable.Range(1, 20).Select(m => At(12, m)).ToList();
        var tenSeconds = Enumerable.Range(0, 120).Select(i => At(12, 0, 40).AddSeconds(10 * i)).ToList();
        Assert.Equal(minutes, await f.FiredAtAsync("ticker/cron-2"));
        Assert.Equal(tenSeconds, await f.FiredAtAsync("ticker/fast"));
        var backlog = Enumerable.Range(0, 29).Select(i => At(10, 0).AddMinutes(5 * i)).ToList();
        Assert.Equal(backlog, await f.FiredAtAsync("ticker/backlog"));
        Assert.Equal(169, started);
        string[] ids = ["ticker/cron-2", "ticker/fast", "ticker/backlog"];
        var runs = new List<RunRecord>();
        var fires = new List<ScheduleFire>();
        foreach (var id in ids)
        {
            runs.AddRange(await f.RunsAsync(id));
            fires.AddRange(await f.FiresAsync(id));
        }

        Assert.Equal(169, runs.Count);
        Assert.Equal(runs.Select(r => r.Id).Order(), fires.Select(fr => fr.RunId!.Value).Order());
        var audits = await f.AuditAsync("schedule.fire");
        Assert.Equal(169, audits.Count);
        Assert.Equal(runs.Select(r => r.Id).Order(), audits.Select(a => a.RunId!.Value).Order());
        Assert.All(fires, fire => Assert.Equal(fire.Node, audits.Single(a => a.RunId == fire.RunId).Source));
    }

    [Fact]
    public async Task TickAsync_RunCannotBePrepared_RecordsSkippedFireWithTheErrorAndGoesOn()
    {
        await f.SaveAsync(Ticker);
        await f.Store.UpsertScheduleAsync(
            new ScheduleRecord { Id = "ticker/broken", DefinitionId = "ticker", DefinitionVersion = 1, Cron = "* * * * *", NextFireAt = At(12, 1), UpdatedAt = f.Now },
            Ct);
        await f.Store.UpsertScheduleAsync(
            new ScheduleRecord { Id = "ghost/cron", DefinitionId = "ghost", DefinitionVersion = 3, Cron = "* * * * *", NextFireAt = At(12, 1), UpdatedAt = f.Now },
            Ct);

        var started = await f.TickEveryAsync(TimeSpan.FromSeconds(30), At(12, 2, 30));

        Assert.Equal(2, started);
        Assert.Equal([At(12, 1), At(12, 2)], await f.FiredAtAsync("ticker/cron"));
        foreach (var id in new[] { "ticker/broken", "ghost/cron" })
        {
            var fires = await f.FiresAsync(id);
            Assert.Equal([At(12, 1), At(12, 2)], fires.Select(fire => fire.FireAt));
            Assert.All(fires, fire => Assert.Equal((FireOutcome.Skipped, (Guid?)null), (fire.Outcome, fire.RunId)));
            Assert.Empty(await f.RunsAsync(id));
        }

        var skips = await f.AuditAsync("schedule.skip");
        Assert.Equal(4, skips.Count);
        Assert.Contains(skips, a => a.Details?["schedule"]?.GetValue<string>() == "ticker/broken" && a.Reason!.Contains("cluster", StringComparison.Ordinal));
        Assert.Contains(skips, a => a.Details?["schedule"]?.GetValue<string>() == "ghost/cron" && a.Reason!.Contains("ghost@3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TickAsync_RemovedScheduleStillInAnOldList_StartsNothing()
    {
        await f.SaveAsync(Ticker);
        var stale = await f.ScheduleAsync("ticker/cron");
        await f.SaveAsync(Ticker.Replace("version: 1", "version: 2", StringComparison.Ordinal).Replace("""
            triggers:
              - cron: "* * * * *"
                overlap: allow
                inputs: { cluster: prod }

            """, "", StringComparison.Ordinal));
        Assert.Empty(await f.Store.ListSchedulesAsync(Ct));

        f.Time.SetUtcNow(At(12, 1, 10));
        var fired = await f.Store.TryFireAsync(stale.Id, At(12, 1), null, At(12, 2), "node-a", f.Now, Ct);

        Assert.False(fired);
        Assert.Equal(0, await f.TickAsync());
        Assert.Empty(await f.RunsAsync("ticker/cron"));
    }

    [Fact]
    public async Task TickAsync_UnknownTimeZoneOnOneSchedule_OthersStillFireAndTheErrorIsThrown()
    {
        await f.SaveAsync(Ticker);
        await f.Store.UpsertScheduleAsync(
            new ScheduleRecord { Id = "ticker/mars", DefinitionId = "ticker", DefinitionVersion = 1, Cron = "* * * * *", TimeZone = "Mars/Olympus", Inputs = new JsonObject { ["cluster"] = "x" }, NextFireAt = At(12, 1), UpdatedAt = f.Now },
            Ct);
        f.Time.SetUtcNow(At(12, 1, 10));

        var error = await Assert.ThrowsAsync<AggregateException>(() => f.TickAsync());

        Assert.Contains("ticker/mars", Assert.Single(error.InnerExceptions).Message, StringComparison.Ordinal);
        Assert.Equal([At(12, 1)], await f.FiredAtAsync("ticker/cron"));
    }
}
