namespace ClusterWorkflows.Store.Tests.Contract;

public abstract partial class WorkflowStoreContract
{
    private static readonly DateTimeOffset Cutoff = T0.AddDays(-30);

    /// <summary>A run in <paramref name="status"/> that ended (or was last touched) at <paramref name="endedAt"/>, with a journal record and a log line.</summary>
    private async Task<RunRecord> RunWithHistoryAsync(RunStatus status, DateTimeOffset endedAt, bool ended = true)
    {
        var run = NewRun(endedAt.AddMinutes(-5)) with
        {
            Status = status,
            UpdatedAt = endedAt,
            EndedAt = ended ? endedAt : null,
        };
        await Store.CreateRunAsync(run, Ct);
        await Store.WriteJournalUnleasedAsync(Step(run.Id, "deploy"), null, Ct);
        await Store.AppendLogsAsync([new LogLine(0, run.Id, "deploy", 1, endedAt, "info", "done")], Ct);
        return run;
    }

    private async Task<bool> HasHistoryAsync(Guid runId) =>
        (await Store.GetJournalAsync(runId, Ct)).Count > 0 || (await Store.GetLogsAsync(runId, null, 0, 10, Ct)).Count > 0;

    [Fact]
    public async Task PruneRunsAsync_DeletesOnlyOldTerminalRunsWithTheirJournalAndLogs()
    {
        var oldCompleted = await RunWithHistoryAsync(RunStatus.Completed, Cutoff.AddDays(-10));
        var oldCancelled = await RunWithHistoryAsync(RunStatus.Cancelled, Cutoff.AddSeconds(-1));
        var cancelledBeforeStart = await RunWithHistoryAsync(RunStatus.Cancelled, Cutoff.AddDays(-2), ended: false);
        var recentCompleted = await RunWithHistoryAsync(RunStatus.Completed, Cutoff.AddSeconds(1));
        var survivors = new List<RunRecord> { recentCompleted };
        foreach (var status in new[] { RunStatus.Pending, RunStatus.Running, RunStatus.Waiting, RunStatus.Faulted })
        {
            survivors.Add(await RunWithHistoryAsync(status, Cutoff.AddDays(-20)));
        }

        var deleted = await Store.PruneRunsAsync(Cutoff, 100, Ct);

        Assert.Equal(3, deleted);
        foreach (var gone in new[] { oldCompleted, oldCancelled, cancelledBeforeStart })
        {
            Assert.Null(await Store.GetRunAsync(gone.Id, Ct));
            Assert.False(await HasHistoryAsync(gone.Id));
        }

        foreach (var kept in survivors)
        {
            Assert.Equal(kept.Status, (await GetRunAsync(kept.Id)).Status);
            Assert.True(await HasHistoryAsync(kept.Id));
        }

        Assert.Equal(0, await Store.PruneRunsAsync(Cutoff, 100, Ct));
    }

    [Fact]
    public async Task PruneRunsAsync_ManyRuns_DeletesOneBatchPerCallUntilZero()
    {
        for (var i = 0; i < 5; i++)
        {
            await RunWithHistoryAsync(RunStatus.Completed, Cutoff.AddDays(-1).AddMinutes(i));
        }

        var batches = new List<int>();
        int deleted;
        while ((deleted = await Store.PruneRunsAsync(Cutoff, 2, Ct)) > 0)
        {
            batches.Add(deleted);
            Assert.True(batches.Count <= 5, "pruning does not terminate");
        }

        Assert.Equal([2, 2, 1], batches);
        Assert.Empty(await Store.ListRunsAsync(new RunQuery(), Ct));
    }

    [Fact]
    public async Task PruneRunsAsync_FiresOlderThanTheCutoff_AreDeleted()
    {
        await Store.UpsertScheduleAsync(NewSchedule(), Ct);
        Assert.True(await Store.TryFireAsync(Nightly, Cutoff.AddDays(-1), null, Cutoff, "node-a", Cutoff, Ct));
        Assert.True(await Store.TryFireAsync(Nightly, Cutoff.AddDays(1), null, Cutoff.AddDays(2), "node-a", Cutoff, Ct));

        Assert.Equal(0, await Store.PruneRunsAsync(Cutoff, 10, Ct));

        var fire = Assert.Single(await Store.ListFiresAsync(Nightly, 10, Ct));
        Assert.Equal(Cutoff.AddDays(1), fire.FireAt);
        Assert.NotNull(await Store.GetScheduleAsync(Nightly, Ct));
    }

    [Fact]
    public async Task PruneRunsAsync_ScheduledRun_DeletesTheRunButKeepsTheSchedule()
    {
        await Store.UpsertScheduleAsync(NewSchedule() with { NextFireAt = Cutoff }, Ct);
        var run = ScheduledRun(Nightly, Cutoff.AddDays(-3)) with { Status = RunStatus.Completed, EndedAt = Cutoff.AddDays(-3) };
        Assert.True(await Store.TryFireAsync(Nightly, Cutoff.AddDays(1), run, Cutoff.AddDays(2), "node-a", Cutoff, Ct));

        Assert.Equal(1, await Store.PruneRunsAsync(Cutoff, 10, Ct));

        Assert.Null(await Store.GetRunAsync(run.Id, Ct));
        Assert.Single(await Store.ListFiresAsync(Nightly, 10, Ct));
        Assert.Equal(Cutoff.AddDays(2), (await GetScheduleAsync()).NextFireAt);
    }
}
