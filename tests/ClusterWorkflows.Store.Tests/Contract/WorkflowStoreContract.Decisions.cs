using System.Text.Json.Nodes;

namespace ClusterWorkflows.Store.Tests.Contract;

public abstract partial class WorkflowStoreContract
{
    private static AuditRecord Decision(Guid runId, string action = "run.retry") =>
        new(0, T0, "alice", action, runId, "deploy", "fixed", null, "test");

    [Fact]
    public async Task DecideAsync_WritesRunJournalAndAuditTogether()
    {
        var run = await CreateRunAsync(T0);
        var faulted = await Store.WriteJournalUnleasedAsync(Step(run.Id, "deploy", status: StepStatus.Faulted), r => r with { Status = RunStatus.Faulted }, Ct);

        var decided = await Store.DecideAsync(run.Id, (current, journal) =>
        {
            Assert.Equal(RunStatus.Faulted, current.Status);
            return new RunDecision
            {
                Run = current with { Status = RunStatus.Pending, UpdatedAt = T0.AddSeconds(1) },
                Journal = [Assert.Single(journal) with { Superseded = true }],
                Audit = Decision(run.Id),
            };
        }, Ct);

        Assert.Equal(RunStatus.Pending, decided.Status);
        var record = Assert.Single(await Store.GetJournalAsync(run.Id, Ct));
        Assert.True(record.Superseded);
        Assert.Equal(faulted.Sequence, record.Sequence);
        Assert.True(record.Revision > faulted.Revision);
        Assert.Contains(await Store.ListAuditAsync(run.Id, 10, Ct), a => a.Action == "run.retry" && a.Actor == "alice");
    }

    [Fact]
    public async Task DecideAsync_DecisionRefused_WritesNothing()
    {
        var run = await CreateRunAsync(T0);

        await Assert.ThrowsAsync<FormatException>(() => Store.DecideAsync(run.Id, (_, _) => throw new FormatException("refused"), Ct));

        Assert.Empty(await Store.GetJournalAsync(run.Id, Ct));
        Assert.Empty(await Store.ListAuditAsync(run.Id, 10, Ct));
        Assert.Equal(RunStatus.Pending, (await GetRunAsync(run.Id)).Status);
    }

    [Fact]
    public async Task DecideAsync_LiveLease_RefusedUnlessEvenIfLeased()
    {
        var run = await CreateRunAsync(T0);
        await ClaimAsync(run.Id);
        RunDecision Cancel(RunRecord current, bool evenIfLeased) => new()
        {
            Run = current with { CancelRequested = true },
            Audit = Decision(run.Id, "run.cancel"),
            EvenIfLeased = evenIfLeased,
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.DecideAsync(run.Id, (r, _) => Cancel(r, false), Ct));
        Assert.Empty(await Store.ListAuditAsync(run.Id, 10, Ct));

        var cancelled = await Store.DecideAsync(run.Id, (r, _) => Cancel(r, true), Ct);
        Assert.True(cancelled.CancelRequested);
        Assert.Equal(RunStatus.Running, cancelled.Status);
    }

    [Fact]
    public async Task DecideAsync_RecordOfAnotherRun_IsRefused()
    {
        var run = await CreateRunAsync(T0);
        var other = await CreateRunAsync(T0);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.DecideAsync(run.Id, (current, _) => new RunDecision
        {
            Journal = [Step(other.Id, "deploy", status: StepStatus.Skipped)],
            Audit = Decision(run.Id, "step.skip"),
        }, Ct));

        Assert.Empty(await Store.GetJournalAsync(other.Id, Ct));
    }

    [Fact]
    public async Task DecideAsync_MissingRun_Throws() =>
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.DecideAsync(Guid.NewGuid(), (_, _) => throw new InvalidOperationException("not reached"), Ct));

    [Fact]
    public async Task DecideAsync_SeesTheJournalAsCommitted()
    {
        var run = await CreateRunAsync(T0);
        await Store.WriteJournalUnleasedAsync(Step(run.Id, "a"), null, Ct);
        await Store.WriteJournalUnleasedAsync(Step(run.Id, "b", status: StepStatus.Waiting) with { Bookmark = new JsonObject { ["kind"] = "approval" } }, null, Ct);

        var seen = new List<string>();
        await Store.DecideAsync(run.Id, (_, journal) =>
        {
            seen.AddRange(journal.Select(r => $"{r.StepPath}:{r.Status}"));
            return new RunDecision { Audit = Decision(run.Id, "step.approve") };
        }, Ct);

        Assert.Equal(["a:Completed", "b:Waiting"], seen);
    }
}
