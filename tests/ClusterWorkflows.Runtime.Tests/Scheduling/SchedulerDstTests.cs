namespace ClusterWorkflows.Runtime.Tests.Scheduling;

/// <summary>
/// Europe/Madrid in 2026: clocks go 02:00 → 03:00 (CET → CEST) on 29 March and 03:00 → 02:00 (CEST → CET) on 25 October.
/// A daily time fires once on both days; an hourly schedule fires once per real hour. The scheduler ticks every 30 s.
/// </summary>
public sealed class SchedulerDstTests
{
    private const string Madrid = """
        id: dst
        version: 1
        triggers:
          - cron: "30 2 * * *"
            timezone: Europe/Madrid
            name: half-past-two
            overlap: allow
          - cron: "0 * * * *"
            timezone: Europe/Madrid
            name: hourly
            overlap: allow
        steps:
          - id: note
            uses: test.effect@1
            with: { name: dst }
        """;

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task SpringForward_SkippedTimeFiresOnceAtTheEndOfTheGap_HourlyOncePerRealHour()
    {
        // 23:00 CET on the 28th to 06:00 CEST on the 29th.
        await using var f = await SchedulerFixture.CreateAsync(Utc(3, 28, 22, 0).AddSeconds(10));
        await f.SaveAsync(Madrid);

        await f.TickEveryAsync(TimeSpan.FromSeconds(30), Utc(3, 29, 4, 1));

        // 02:30 does not exist on the 29th: Cronos fires at 03:00 CEST (01:00 UTC), once.
        Assert.Equal([Utc(3, 29, 1)], await f.FiredAtAsync("dst/half-past-two"));

        // 00:00, 01:00 CET, then 03:00, 04:00, 05:00, 06:00 CEST: one fire per real hour, no gap and no double.
        Assert.Equal([Utc(3, 28, 23), Utc(3, 29, 0), Utc(3, 29, 1), Utc(3, 29, 2), Utc(3, 29, 3), Utc(3, 29, 4)], await f.FiredAtAsync("dst/hourly"));
    }

    [Fact]
    public async Task FallBack_RepeatedTimeFiresOnce_HourlyOncePerRealHour()
    {
        // 23:00 CEST on the 24th to 05:00 CET on the 25th.
        await using var f = await SchedulerFixture.CreateAsync(Utc(10, 24, 21, 0).AddSeconds(10));
        await f.SaveAsync(Madrid);

        await f.TickEveryAsync(TimeSpan.FromSeconds(30), Utc(10, 25, 4, 1));

        // 02:30 happens twice (00:30 UTC in CEST, 01:30 UTC in CET): it fires the first time only.
        Assert.Equal([Utc(10, 25, 0, 30)], await f.FiredAtAsync("dst/half-past-two"));

        // 00:00, 01:00, 02:00 CEST, 02:00 (again), 03:00, 04:00, 05:00 CET: every real hour once.
        Assert.Equal(
            [Utc(10, 24, 22), Utc(10, 24, 23), Utc(10, 25, 0), Utc(10, 25, 1), Utc(10, 25, 2), Utc(10, 25, 3), Utc(10, 25, 4)],
            await f.FiredAtAsync("dst/hourly"));
    }

    [Fact]
    public async Task NormalDays_AroundTheChange_FireDailyAtTheLocalTime()
    {
        await using var f = await SchedulerFixture.CreateAsync(Utc(3, 27, 12, 0).AddSeconds(10));
        await f.SaveAsync(Madrid);

        // Jump from one due instant to the next, like a worker that wakes exactly on time.
        for (var i = 0; i < 4; i++)
        {
            f.Time.SetUtcNow((await f.ScheduleAsync("dst/half-past-two")).NextFireAt!.Value);
            Assert.True(await f.TickAsync() >= 1);
        }

        // 02:30 CET (01:30 UTC) on the 28th, 03:00 CEST on the 29th, then 02:30 CEST (00:30 UTC).
        Assert.Equal([Utc(3, 28, 1, 30), Utc(3, 29, 1), Utc(3, 30, 0, 30), Utc(3, 31, 0, 30)], await f.FiredAtAsync("dst/half-past-two"));
    }
}
