using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Tests.Scheduling;

/// <summary>Fires missed while every node was down, or while the schedule was paused.</summary>
public sealed class SchedulerCatchUpTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private SchedulerFixture f = null!;

    // 12:00:30 UTC on the 25th: the first hourly fire is 13:00.
    public async Task InitializeAsync() => f = await SchedulerFixture.CreateAsync(new DateTimeOffset(2026, 11, 25, 12, 0, 30, TimeSpan.Zero));

    public async Task DisposeAsync() => await f.DisposeAsync();

    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    private static string Hourly(string catchUp, string window = "6h", string overlap = "allow") => $$"""
        id: hourly
        version: 1
        triggers:
          - cron: "0 * * * *"
            catchUp: {{catchUp}}
            catchUpWindow: {{window}}
            overlap: {{overlap}}
        steps:
          - id: note
            uses: test.effect@1
            with: { name: hourly }
        """;

    public static TheoryData<string, DateTimeOffset[]> Policies() => new()
    {
        { "none", [] },
        { "last", [At(26, 18)] },
        { "all", [At(26, 13), At(26, 14), At(26, 15), At(26, 16), At(26, 17), At(26, 18)] },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task TickAsync_AfterEveryNodeWasDownForADay_FollowsTheCatchUpPolicy(string policy, DateTimeOffset[] expected)
    {
        await f.SaveAsync(Hourly(policy));

        // Down from 12:00:30 on the 25th until 18:30 on the 26th; the window reaches back to 12:30 on the 26th.
        f.Time.SetUtcNow(At(26, 18, 30));
        var started = await f.TickAsync();

        Assert.Equal(expected.Length, started);
        Assert.Equal(expected, await f.FiredAtAsync("hourly/cron"));
        Assert.Equal(expected.Length, (await f.RunsAsync("hourly/cron")).Count);
        Assert.Equal(expected, (await f.AuditAsync("schedule.fire")).Select(a => a.Details!["fireAt"]!.GetValue<DateTimeOffset>()));
        Assert.Equal(At(26, 19), (await f.ScheduleAsync("hourly/cron")).NextFireAt);
        var missed = Assert.Single(await f.AuditAsync("schedule.missed"));
        Assert.Equal(At(25, 13), missed.Details!["firstMissed"]!.GetValue<DateTimeOffset>());

        // Back to normal: the next fire on time, nothing more from the gap.
        f.Time.SetUtcNow(At(26, 19, 0).AddSeconds(20));
        Assert.Equal(1, await f.TickAsync());
        Assert.Equal([.. expected, At(26, 19)], await f.FiredAtAsync("hourly/cron"));
    }

    [Fact]
    public async Task TickAsync_NoneAfterAGap_RecordsOneSkippedFireAtTheNewestMissedInstant()
    {
        await f.SaveAsync(Hourly("none"));
        f.Time.SetUtcNow(At(26, 18, 30));

        Assert.Equal(0, await f.TickAsync());
        Assert.Equal(0, await f.TickAsync());

        var fire = Assert.Single(await f.FiresAsync("hourly/cron"));
        Assert.Equal((At(26, 18), FireOutcome.Skipped, (Guid?)null), (fire.FireAt, fire.Outcome, fire.RunId));
        var missed = Assert.Single(await f.AuditAsync("schedule.missed"));
        Assert.Equal(At(26, 18), missed.Details!["lastMissed"]!.GetValue<DateTimeOffset>());
        Assert.Empty(await f.RunsAsync("hourly/cron"));
    }

    [Fact]
    public async Task TickAsync_AllWithNothingInsideTheWindow_StartsNothing()
    {
        await f.SaveAsync(Hourly("all", window: "10m"));
        f.Time.SetUtcNow(At(26, 18, 30));

        Assert.Equal(0, await f.TickAsync());

        Assert.Equal([(At(26, 18), FireOutcome.Skipped)], (await f.FiresAsync("hourly/cron")).Select(fire => (fire.FireAt, fire.Outcome)));
        Assert.Equal(At(26, 19), (await f.ScheduleAsync("hourly/cron")).NextFireAt);
    }

    [Fact]
    public async Task TickAsync_AllWithOverlapSkip_StartsTheOldestAndSkipsTheRest()
    {
        await f.SaveAsync(Hourly("all", window: "3h", overlap: "skip"));
        f.Time.SetUtcNow(At(26, 18, 30));

        Assert.Equal(1, await f.TickAsync());

        Assert.Equal(
            [(At(26, 16), FireOutcome.Started), (At(26, 17), FireOutcome.Skipped), (At(26, 18), FireOutcome.Skipped)],
            (await f.FiresAsync("hourly/cron")).Select(fire => (fire.FireAt, fire.Outcome)));
    }

    [Fact]
    public async Task TickAsync_TwoNodesCatchingUpTogether_FireEachMissedInstantOnce()
    {
        await f.SaveAsync(Hourly("all", window: "12h"));
        var other = await f.AddNodeAsync("node-b");
        f.Time.SetUtcNow(At(26, 18, 30));

        var started = await Task.WhenAll(Task.Run(() => f.TickAsync()), Task.Run(() => other.Scheduler.TickAsync(Ct)));

        Assert.Equal(12, started.Sum());
        Assert.Equal(Enumerable.Range(7, 12).Select(h => At(26, h)), await f.FiredAtAsync("hourly/cron"));
        Assert.Single(await f.AuditAsync("schedule.missed"));
    }

    [Fact]
    public async Task PausedSchedule_DoesNotFire_AndResumingDropsWhatItMissed()
    {
        await f.SaveAsync(Hourly("none"));
        Assert.True(await f.Main.Scheduler.PauseAsync("hourly/cron", "alice", "maintenance", Ct));

        Assert.Equal(0, await f.TickEveryAsync(TimeSpan.FromMinutes(10), At(25, 17, 10)));
        Assert.Empty(await f.FiresAsync("hourly/cron"));

        // Resumed at 17:05: 17:00 is five minutes late, a miss like every fire before it.
        f.Time.SetUtcNow(At(25, 17, 5));
        Assert.True(await f.Main.Scheduler.ResumeAsync("hourly/cron", "alice", "done", Ct));
        Assert.Equal(0, await f.TickAsync());
        Assert.Equal(1, await f.TickEveryAsync(TimeSpan.FromSeconds(30), At(25, 18, 1)));

        Assert.Equal([At(25, 18)], await f.FiredAtAsync("hourly/cron"));
        Assert.Single(await f.RunsAsync("hourly/cron"));
    }

    [Theory]
    [InlineData("last", "24h", 1)]
    [InlineData("all", "2h", 2)]
    public async Task ResumedSchedule_CatchesUpWithinItsWindowOnly(string policy, string window, int expected)
    {
        await f.SaveAsync(Hourly(policy, window));
        Assert.True(await f.Main.Scheduler.PauseAsync("hourly/cron", "alice", null, Ct));
        Assert.Equal(0, await f.TickEveryAsync(TimeSpan.FromMinutes(10), At(25, 17, 10)));

        f.Time.SetUtcNow(At(25, 17, 5));
        Assert.True(await f.Main.Scheduler.ResumeAsync("hourly/cron", "alice", null, Ct));
        var started = await f.TickAsync();

        // Missed while paused: 13:00 to 17:00. Last takes 17:00; all with 2 h takes 16:00 and 17:00.
        Assert.Equal(expected, started);
        Assert.Equal(Enumerable.Range(18 - expected, expected).Select(h => At(25, h)), await f.FiredAtAsync("hourly/cron"));
        Assert.Equal(0, await f.TickAsync());
    }
}
