using System.Text.Json.Nodes;

namespace ClusterWorkflows.Store.Tests.Contract;

public abstract partial class WorkflowStoreContract
{
    private const string Nightly = "deploy-stack/nightly";

    protected static ScheduleRecord NewSchedule(string id = Nightly, string definitionId = "deploy-stack") => new()
    {
        Id = id,
        DefinitionId = definitionId,
        DefinitionVersion = 1,
        Cron = "0 3 * * *",
        TimeZone = "Europe/Madrid",
        Inputs = new JsonObject { ["cluster"] = "prod" },
        NextFireAt = T0.AddHours(1),
        UpdatedAt = T0,
    };

    protected static RunRecord ScheduledRun(string scheduleId, DateTimeOffset createdAt) =>
        NewRun(createdAt) with { TriggeredBy = "schedule:" + scheduleId };

    private async Task<ScheduleRecord> GetScheduleAsync(string id = Nightly) =>
        await Store.GetScheduleAsync(id, Ct) ?? throw new InvalidOperationException($"Schedule {id} is missing.");

    [Fact]
    public async Task UpsertScheduleAsync_New_RoundTripsEveryField()
    {
        var schedule = NewSchedule() with
        {
            DefinitionVersion = 3,
            Cron = "30 0 3 * * *",
            Inputs = new JsonObject { ["cluster"] = "prod", ["nodes"] = new JsonArray(1, 2) },
            Overlap = OverlapPolicy.Queue,
            CatchUp = CatchUpPolicy.All,
            CatchUpWindow = TimeSpan.FromHours(6) + TimeSpan.FromMilliseconds(250),
            Paused = true,
            NextFireAt = T0.AddDays(1),
            LastFireAt = T0.AddDays(-1),
            UpdatedAt = T0.AddTicks(10),
        };

        await Store.UpsertScheduleAsync(schedule, Ct);
        var read = await GetScheduleAsync();

        Assert.Equal(schedule.Id, read.Id);
        Assert.Equal(schedule.DefinitionId, read.DefinitionId);
        Assert.Equal(3, read.DefinitionVersion);
        Assert.Equal("30 0 3 * * *", read.Cron);
        Assert.Equal("Europe/Madrid", read.TimeZone);
        AssertJson(schedule.Inputs, read.Inputs);
        Assert.Equal(OverlapPolicy.Queue, read.Overlap);
        Assert.Equal(CatchUpPolicy.All, read.CatchUp);
        Assert.Equal(schedule.CatchUpWindow, read.CatchUpWindow);
        Assert.True(read.Paused);
        Assert.Equal(schedule.NextFireAt, read.NextFireAt);
        Assert.Equal(schedule.LastFireAt, read.LastFireAt);
        Assert.Equal(schedule.UpdatedAt, read.UpdatedAt);
    }

    [Fact]
    public async Task UpsertScheduleAsync_SameTiming_KeepsPausedLastFireAndNextFireButTakesTheRest()
    {
        await Store.UpsertScheduleAsync(NewSchedule(), Ct);
        await Store.SetSchedulePausedAsync(Nightly, true, T0, Ct);
        Assert.True(await Store.TryFireAsync(Nightly, T0.AddHours(1), null, T0.AddHours(25), "node-a", T0.AddHours(1), Ct));

        await Store.UpsertScheduleAsync(
            NewSchedule() with
            {
                DefinitionVersion = 2,
                Inputs = new JsonObject { ["cluster"] = "staging" },
                Overlap = OverlapPolicy.Allow,
                CatchUp = CatchUpPolicy.Last,
                CatchUpWindow = TimeSpan.FromHours(2),
                NextFireAt = T0.AddHours(2),
                Paused = false,
                LastFireAt = null,
                UpdatedAt = T0.AddHours(2),
            },
            Ct);
        var read = await GetScheduleAsync();

        Assert.Equal(2, read.DefinitionVersion);
        AssertJson(new JsonObject { ["cluster"] = "staging" }, read.Inputs);
        Assert.Equal(OverlapPolicy.Allow, read.Overlap);
        Assert.Equal(CatchUpPolicy.Last, read.CatchUp);
        Assert.Equal(TimeSpan.FromHours(2), read.CatchUpWindow);
        Assert.True(read.Paused);
        Assert.Equal(T0.AddHours(1), read.LastFireAt);
        Assert.Equal(T0.AddHours(25), read.NextFireAt);
    }

    [Theory]
    [InlineData("0 4 * * *", "Europe/Madrid")]
    [InlineData("0 3 * * *", "UTC")]
    public async Task UpsertScheduleAsync_TimingChanged_ReplacesNextFire(string cron, string timeZone)
    {
        await Store.UpsertScheduleAsync(NewSchedule(), Ct);

        await Store.UpsertScheduleAsync(NewSchedule() with { Cron = cron, TimeZone = timeZone, NextFireAt = T0.AddHours(7) }, Ct);
        var read = await GetScheduleAsync();

        Assert.Equal(cron, read.Cron);
        Assert.Equal(timeZone, read.TimeZone);
        Assert.Equal(T0.AddHours(7), read.NextFireAt);
    }

    [Fact]
    public async Task UpsertScheduleAsync_NextFireWasNull_TakesTheGivenOne()
    {
        await Store.UpsertScheduleAsync(NewSchedule() with { NextFireAt = null }, Ct);
        Assert.Null((await GetScheduleAsync()).NextFireAt);

        await Store.UpsertScheduleAsync(NewSchedule() with { NextFireAt = T0.AddHours(5) }, Ct);

        Assert.Equal(T0.AddHours(5), (await GetScheduleAsync()).NextFireAt);
    }

    [Fact]
    public async Task RemoveSchedulesAsync_DeletesOnlyTheUndeclaredSchedulesOfThatDefinition()
    {
        await Store.UpsertScheduleAsync(NewSchedule("deploy-stack/nightly"), Ct);
        await Store.UpsertScheduleAsync(NewSchedule("deploy-stack/hourly"), Ct);
        await Store.UpsertScheduleAsync(NewSchedule("deploy-stack/weekly"), Ct);
        await Store.UpsertScheduleAsync(NewSchedule("backup/nightly", "backup"), Ct);

        var removed = await Store.RemoveSchedulesAsync("deploy-stack", ["deploy-stack/hourly"], Ct);

        Assert.Equal(2, removed);
        Assert.Equal(["backup/nightly", "deploy-stack/hourly"], (await Store.ListSchedulesAsync(Ct)).Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal(0, await Store.RemoveSchedulesAsync("deploy-stack", ["deploy-stack/hourly"], Ct));
        Assert.Equal(1, await Store.RemoveSchedulesAsync("backup", [], Ct));
        Assert.Null(await Store.GetScheduleAsync("backup/nightly", Ct));
    }

    [Fact]
    public async Task ListSchedulesAsync_ReturnsEveryScheduleAndGetFindsOne()
    {
        Assert.Empty(await Store.ListSchedulesAsync(Ct));
        await Store.UpsertScheduleAsync(NewSchedule("b/cron", "b"), Ct);
        await Store.UpsertScheduleAsync(NewSchedule("a/cron", "a"), Ct);

        var all = await Store.ListSchedulesAsync(Ct);

        Assert.Equal(["a/cron", "b/cron"], all.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal("a", (await GetScheduleAsync("a/cron")).DefinitionId);
        Assert.Null(await Store.GetScheduleAsync("c/cron", Ct));
    }

    [Fact]
    public async Task SetSchedulePausedAsync_PausesAndResumes_FalseWhenMissing()
    {
        await Store.UpsertScheduleAsync(NewSchedule(), Ct);

        Assert.True(await Store.SetSchedulePausedAsync(Nightly, true, T0.AddMinutes(1), Ct));
        var paused = await GetScheduleAsync();
        Assert.True(await Store.SetSchedulePausedAsync(Nightly, false, T0.AddMinutes(2), Ct));
        var resumed = await GetScheduleAsync();

        Assert.True(paused.Paused);
        Assert.Equal(T0.AddMinutes(1), paused.UpdatedAt);
        Assert.False(resumed.Paused);
        Assert.Equal(T0.AddHours(1), resumed.NextFireAt);
        Assert.False(await Store.SetSchedulePausedAsync("nobody/cron", true, T0, Ct));
    }

    [Fact]
    public async Task TryFireAsync_WithRun_CreatesRunRecordsFireAndAdvancesSchedule()
    {
        await Store.UpsertScheduleAsync(NewSchedule(), Ct);
        var run = ScheduledRun(Nightly, T0.AddHours(1));

        var fired = await Store.TryFireAsync(Nightly, T0.AddHours(1), run, T0.AddHours(25), "node-a", T0.AddHours(1).AddSeconds(2), Ct);

        Assert.True(fired);
        Assert.Equal("schedule:" + Nightly, (await GetRunAsync(run.Id)).TriggeredBy);
        var fire = Assert.Single(await Store.ListFiresAsync(Nightly, 10, Ct));
        Assert.Equal(new ScheduleFire(Nightly, T0.AddHours(1), FireOutcome.Started, run.Id, "node-a", T0.AddHours(1).AddSeconds(2)), fire);
        var schedule = await GetScheduleAsync();
        Assert.Equal(T0.AddHours(25), schedule.NextFireAt);
        Assert.Equal(T0.AddHours(1), schedule.LastFireAt);
    }

    [Fact]
    public async Task TryFireAsync_WithoutRun_RecordsASkippedFire()
    {
        await Store.UpsertScheduleAsync(NewSchedule(), Ct);

        Assert.True(await Store.TryFireAsync(Nightly, T0.AddHours(1), null, T0.AddHours(25), "node-a", T0.AddHours(1), Ct));

        var fire = Assert.Single(await Store.ListFiresAsync(Nightly, 10, Ct));
        Assert.Equal(FireOutcome.Skipped, fire.Outcome);
        Assert.Null(fire.RunId);
        Assert.Empty(await Store.ListRunsAsync(new RunQuery(), Ct));
        Assert.Equal(T0.AddHours(25), (await GetScheduleAsync()).NextFireAt);
    }

    [Fact]
    public async Task TryFireAsync_SameInstantAgain_ReturnsFalseAndChangesNothing()
    {
        await Store.UpsertScheduleAsync(NewSchedule(), Ct);
        var first = ScheduledRun(Nightly, T0);
        var second = ScheduledRun(Nightly, T0);
        Assert.True(await Store.TryFireAsync(Nightly, T0.AddHours(1), first, T0.AddHours(25), "node-a", T0.AddHours(1), Ct));

        var again = await Store.TryFireAsync(Nightly, T0.AddHours(1), second, T0.AddHours(49), "node-b", T0.AddHours(2), Ct);

        Assert.False(again);
        Assert.Null(await Store.GetRunAsync(second.Id, Ct));
        var fire = Assert.Single(await Store.ListFiresAsync(Nightly, 10, Ct));
        Assert.Equal(("node-a", first.Id), (fire.Node, fire.RunId));
        Assert.Equal(T0.AddHours(25), (await GetScheduleAsync()).NextFireAt);
    }

    [Fact]
    public async Task TryFireAsync_TwoInstancesRacing_ExactlyOneWinsEachInstant()
    {
        await Store.UpsertScheduleAsync(NewSchedule() with { NextFireAt = T0 }, Ct);
        var other = await OpenAnotherInstanceAsync();
        const int instants = 25;

        for (var i = 0; i < instants; i++)
        {
            var at = T0.AddMinutes(i);
            var a = ScheduledRun(Nightly, at);
            var b = ScheduledRun(Nightly, at);
            var results = await Task.WhenAll(
                Task.Run(() => Store.TryFireAsync(Nightly, at, a, at.AddMinutes(1), "node-a", at, Ct)),
                Task.Run(() => other.TryFireAsync(Nightly, at, b, at.AddMinutes(1), "node-b", at, Ct)));

            Assert.Equal(1, results.Count(r => r));
            var winner = results[0] ? a : b;
            var loser = results[0] ? b : a;
            Assert.NotNull(await Store.GetRunAsync(winner.Id, Ct));
            Assert.Null(await other.GetRunAsync(loser.Id, Ct));
        }

        var fires = await Store.ListFiresAsync(Nightly, 100, Ct);
        Assert.Equal(instants, fires.Count);
        Assert.Equal(instants, fires.Select(f => f.FireAt).Distinct().Count());
        Assert.Equal(instants, (await Store.ListRunsAsync(new RunQuery { TriggeredBy = "schedule:" + Nightly, Limit = 1000 }, Ct)).Count);
        Assert.Equal(T0.AddMinutes(instants), (await GetScheduleAsync()).NextFireAt);
    }

    [Fact]
    public async Task TryFireAsync_RunCannotBeCreated_LeavesNoFireAndNoScheduleChange()
    {
        await Store.UpsertScheduleAsync(NewSchedule(), Ct);
        var existing = await CreateRunAsync(T0);

        await Assert.ThrowsAnyAsync<Exception>(
            () => Store.TryFireAsync(Nightly, T0.AddHours(1), existing with { DefinitionId = "other" }, T0.AddHours(25), "node-a", T0, Ct));

        Assert.Empty(await Store.ListFiresAsync(Nightly, 10, Ct));
        var schedule = await GetScheduleAsync();
        Assert.Equal(T0.AddHours(1), schedule.NextFireAt);
        Assert.Null(schedule.LastFireAt);
        Assert.Equal("deploy-stack", (await GetRunAsync(existing.Id)).DefinitionId);
        Assert.True(await Store.TryFireAsync(Nightly, T0.AddHours(1), null, T0.AddHours(25), "node-a", T0, Ct));
    }

    [Fact]
    public async Task TryFireAsync_OlderNextFire_NeverMovesTheScheduleBack()
    {
        await Store.UpsertScheduleAsync(NewSchedule(), Ct);
        Assert.True(await Store.TryFireAsync(Nightly, T0.AddHours(3), null, T0.AddHours(4), "node-a", T0, Ct));

        Assert.True(await Store.TryFireAsync(Nightly, T0.AddHours(1), null, T0.AddHours(2), "node-b", T0, Ct));

        var schedule = await GetScheduleAsync();
        Assert.Equal(T0.AddHours(4), schedule.NextFireAt);
        Assert.Equal(2, (await Store.ListFiresAsync(Nightly, 10, Ct)).Count);
    }

    [Fact]
    public async Task ListFiresAsync_NewestFirstWithLimit_OnlyThatSchedule()
    {
        await Store.UpsertScheduleAsync(NewSchedule(), Ct);
        await Store.UpsertScheduleAsync(NewSchedule("deploy-stack/hourly"), Ct);
        for (var i = 1; i <= 4; i++)
        {
            Assert.True(await Store.TryFireAsync(Nightly, T0.AddHours(i), null, T0.AddHours(i + 1), "node-a", T0.AddHours(i), Ct));
        }

        Assert.True(await Store.TryFireAsync("deploy-stack/hourly", T0.AddHours(9), null, T0.AddHours(10), "node-a", T0, Ct));

        var fires = await Store.ListFiresAsync(Nightly, 3, Ct);

        Assert.Equal([T0.AddHours(4), T0.AddHours(3), T0.AddHours(2)], fires.Select(f => f.FireAt));
        Assert.All(fires, f => Assert.Equal(Nightly, f.ScheduleId));
        Assert.Empty(await Store.ListFiresAsync("nobody/cron", 10, Ct));
    }

    [Fact]
    public async Task CreateRunAsync_TriggeredBy_RoundTrips()
    {
        var run = NewRun(T0) with { TriggeredBy = "hook:/deploy" };

        await Store.CreateRunAsync(run, Ct);

        Assert.Equal("hook:/deploy", (await GetRunAsync(run.Id)).TriggeredBy);
        Assert.Null((await GetRunAsync((await CreateRunAsync(T0)).Id)).TriggeredBy);
    }

    [Fact]
    public async Task ListRunsAsync_TriggeredByAndActiveOnly_Filter()
    {
        var pending = ScheduledRun(Nightly, T0);
        var faulted = ScheduledRun(Nightly, T0.AddSeconds(1)) with { Status = RunStatus.Faulted };
        var waiting = ScheduledRun(Nightly, T0.AddSeconds(2)) with { Status = RunStatus.Waiting };
        var completed = ScheduledRun(Nightly, T0.AddSeconds(3)) with { Status = RunStatus.Completed, EndedAt = T0.AddSeconds(4) };
        var cancelled = ScheduledRun(Nightly, T0.AddSeconds(4)) with { Status = RunStatus.Cancelled, EndedAt = T0.AddSeconds(5) };
        var otherSchedule = ScheduledRun("deploy-stack/hourly", T0.AddSeconds(5));
        var manual = NewRun(T0.AddSeconds(6)) with { TriggeredBy = "cli" };
        foreach (var run in new[] { pending, faulted, waiting, completed, cancelled, otherSchedule, manual })
        {
            await Store.CreateRunAsync(run, Ct);
        }

        var bySchedule = await Store.ListRunsAsync(new RunQuery { TriggeredBy = "schedule:" + Nightly }, Ct);
        var activeBySchedule = await Store.ListRunsAsync(new RunQuery { TriggeredBy = "schedule:" + Nightly, ActiveOnly = true }, Ct);
        var active = await Store.ListRunsAsync(new RunQuery { ActiveOnly = true }, Ct);
        var firstActive = await Store.ListRunsAsync(new RunQuery { TriggeredBy = "schedule:" + Nightly, ActiveOnly = true, Limit = 1 }, Ct);

        Assert.Equal([cancelled.Id, completed.Id, waiting.Id, faulted.Id, pending.Id], bySchedule.Select(r => r.Id));
        Assert.Equal([waiting.Id, faulted.Id, pending.Id], activeBySchedule.Select(r => r.Id));
        Assert.Equal([manual.Id, otherSchedule.Id, waiting.Id, faulted.Id, pending.Id], active.Select(r => r.Id));
        Assert.Equal([waiting.Id], firstActive.Select(r => r.Id));
    }
}
