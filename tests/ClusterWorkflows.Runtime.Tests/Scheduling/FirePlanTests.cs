using ClusterWorkflows.Runtime.Scheduling;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Tests.Scheduling;

/// <summary>The pure part of a tick: which instants of a due schedule fire, and which are missed.</summary>
public sealed class FirePlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 18, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(1);

    private static FirePlan Plan(string cron, DateTimeOffset due, CatchUpPolicy catchUp = CatchUpPolicy.None, TimeSpan? window = null)
    {
        var schedule = new ScheduleRecord
        {
            Id = "w/cron",
            DefinitionId = "w",
            DefinitionVersion = 1,
            Cron = cron,
            CatchUp = catchUp,
            CatchUpWindow = window ?? TimeSpan.FromHours(24),
            NextFireAt = due,
        };
        return FirePlan.For(schedule, CronSchedule.Parse(cron, "UTC"), Now, Tolerance);
    }

    [Fact]
    public void For_DueWithinTolerance_FiresItAndPointsToTheNextOccurrence()
    {
        var plan = Plan("30 * * * *", Now);

        Assert.Equal([Now], plan.Fires);
        Assert.Null(plan.Missed);
        Assert.Equal(Now.AddHours(1), plan.Next);
    }

    [Fact]
    public void For_NoneWithSubMinuteCron_FiresEveryOnTimeInstant()
    {
        var plan = Plan("*/20 * * * * *", Now.AddSeconds(-40));

        Assert.Equal([Now.AddSeconds(-40), Now.AddSeconds(-20), Now], plan.Fires);
        Assert.Equal(Now.AddSeconds(20), plan.Next);
    }

    [Fact]
    public void For_NoneLate_FiresNothingAndReportsTheMissedRange()
    {
        var plan = Plan("0 * * * *", Now.AddHours(-5).AddMinutes(-30));

        Assert.Empty(plan.Fires);
        Assert.Equal((Now.AddHours(-5).AddMinutes(-30), Now.AddMinutes(-30)), plan.Missed);
        Assert.Equal(Now.AddMinutes(30), plan.Next);
    }

    [Fact]
    public void For_Last_FiresOnlyTheNewestInstantInTheWindow()
    {
        var plan = Plan("0 * * * *", Now.AddHours(-10).AddMinutes(-30), CatchUpPolicy.Last, TimeSpan.FromHours(3));

        Assert.Equal([Now.AddMinutes(-30)], plan.Fires);
        Assert.Equal((Now.AddHours(-10).AddMinutes(-30), Now.AddHours(-1).AddMinutes(-30)), plan.Missed);
    }

    [Fact]
    public void For_All_FiresEveryInstantInTheWindowOldestFirst()
    {
        var plan = Plan("0 * * * *", Now.AddHours(-10).AddMinutes(-30), CatchUpPolicy.All, TimeSpan.FromHours(3));

        Assert.Equal([Now.AddHours(-2).AddMinutes(-30), Now.AddHours(-1).AddMinutes(-30), Now.AddMinutes(-30)], plan.Fires);
        Assert.Equal((Now.AddHours(-10).AddMinutes(-30), Now.AddHours(-3).AddMinutes(-30)), plan.Missed);
    }

    [Fact]
    public void For_AllOverTheCap_KeepsTheNewestThousand()
    {
        var plan = Plan("* * * * * *", Now.AddHours(-2), CatchUpPolicy.All);

        Assert.Equal(FirePlan.MaxCatchUp, plan.Fires.Count);
        Assert.Equal(Now.AddSeconds(-(FirePlan.MaxCatchUp - 1)), plan.Fires[0]);
        Assert.Equal(Now, plan.Fires[^1]);
        Assert.Equal((Now.AddHours(-2), Now.AddSeconds(-FirePlan.MaxCatchUp)), plan.Missed);
    }

    [Fact]
    public void For_DueLongAgoOnAFastCron_StaysCheap()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();

        var plan = Plan("* * * * * *", Now.AddYears(-1));

        Assert.Equal(61, plan.Fires.Count);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"planning took {started.Elapsed}");
    }
}
