using System.Text.Json.Nodes;

namespace ClusterWorkflows.Store.Tests.Contract;

public abstract partial class WorkflowStoreContract
{
    [Fact]
    public async Task CheckpointAsync_RecordAndRunUpdate_AreWrittenTogether()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);

        var written = await Store.CheckpointAsync(
            lease,
            Step(run.Id, "deploy"),
            Update() with { Variables = new JsonObject { ["deployed"] = true } },
            Ct);

        Assert.True(written.Sequence > 0);
        var journal = await Store.GetJournalAsync(run.Id, Ct);
        Assert.Equal(written.Sequence, Assert.Single(journal).Sequence);
        AssertJson(new JsonObject { ["deployed"] = true }, (await GetRunAsync(run.Id)).Variables);
    }

    [Fact]
    public async Task CheckpointAsync_EveryField_RoundTrips()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        var record = new JournalRecord
        {
            RunId = run.Id,
            StepPath = "hosts[node-1]/pull",
            StepId = "pull",
            ItemKey = "node-1",
            Attempt = 3,
            Status = StepStatus.Faulted,
            StartedAt = T0.AddTicks(10),
            EndedAt = T0.AddTicks(20),
            Inputs = new JsonObject { ["image"] = "nginx", ["token"] = "***" },
            Outputs = new JsonObject { ["digest"] = "sha256:abc" },
            Variables = new JsonObject { ["pulled"] = new JsonArray("a", "b") },
            Changed = true,
            Error = new StepError("docker.pull", "manifest unknown", Retryable: true),
            Handled = true,
            Superseded = true,
            DueAt = T0.AddTicks(30),
            Bookmark = new JsonObject { ["approvals"] = new JsonArray("alice") },
            WorkerId = "worker-1",
        };

        var written = await Store.CheckpointAsync(lease, record, null, Ct);
        var read = Assert.Single(await Store.GetJournalAsync(run.Id, Ct));

        Assert.Equal(written.Sequence, read.Sequence);
        Assert.Equal(record.RunId, read.RunId);
        Assert.Equal(record.StepPath, read.StepPath);
        Assert.Equal(record.StepId, read.StepId);
        Assert.Equal(record.ItemKey, read.ItemKey);
        Assert.Equal(record.Attempt, read.Attempt);
        Assert.Equal(record.Status, read.Status);
        Assert.Equal(record.StartedAt, read.StartedAt);
        Assert.Equal(record.EndedAt, read.EndedAt);
        AssertJson(record.Inputs, read.Inputs);
        AssertJson(record.Outputs, read.Outputs);
        AssertJson(record.Variables, read.Variables);
        Assert.Equal(record.Changed, read.Changed);
        Assert.Equal(record.Error, read.Error);
        Assert.Equal(record.Handled, read.Handled);
        Assert.Equal(record.Superseded, read.Superseded);
        Assert.Equal(record.DueAt, read.DueAt);
        AssertJson(record.Bookmark, read.Bookmark);
        Assert.Equal(record.WorkerId, read.WorkerId);
    }

    [Fact]
    public async Task CheckpointAsync_NullableFields_RoundTripAsNull()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);

        await Store.CheckpointAsync(lease, Step(run.Id, "a", status: StepStatus.Running) with { Outputs = null, WorkerId = null }, null, Ct);

        var read = Assert.Single(await Store.GetJournalAsync(run.Id, Ct));
        Assert.Null(read.EndedAt);
        Assert.Null(read.Outputs);
        Assert.Null(read.Error);
        Assert.Null(read.Bookmark);
        Assert.Null(read.ItemKey);
        Assert.Null(read.WorkerId);
    }

    [Fact]
    public async Task CheckpointAsync_SameAttemptAgain_ReplacesRecordAndKeepsSequence()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        var started = await Store.CheckpointAsync(lease, Step(run.Id, "deploy", status: StepStatus.Running), null, Ct);
        await Store.CheckpointAsync(lease, Step(run.Id, "other"), null, Ct);

        var finished = await Store.CheckpointAsync(lease, Step(run.Id, "deploy") with { Changed = true }, null, Ct);

        Assert.Equal(started.Sequence, finished.Sequence);
        var journal = await Store.GetJournalAsync(run.Id, Ct);
        Assert.Equal(["deploy", "other"], journal.Select(j => j.StepPath));
        Assert.Equal(StepStatus.Completed, journal[0].Status);
        Assert.True(journal[0].Changed);
    }

    [Fact]
    public async Task CheckpointAsync_RecordOfAnotherRun_IsRejected()
    {
        var run = await CreateRunAsync(T0);
        var other = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.CheckpointAsync(lease, Step(other.Id, "a"), null, Ct));

        Assert.Empty(await Store.GetJournalAsync(other.Id, Ct));
    }

    [Fact]
    public async Task GetJournalAsync_ReturnsOnlyThatRunInSequenceOrder()
    {
        var run = await CreateRunAsync(T0);
        var other = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        var otherLease = await ClaimAsync(other.Id);
        await Store.CheckpointAsync(lease, Step(run.Id, "b"), null, Ct);
        await Store.CheckpointAsync(otherLease, Step(other.Id, "x"), null, Ct);
        await Store.CheckpointAsync(lease, Step(run.Id, "a", attempt: 1, status: StepStatus.Faulted), null, Ct);
        await Store.CheckpointAsync(lease, Step(run.Id, "a", attempt: 2), null, Ct);

        var journal = await Store.GetJournalAsync(run.Id, Ct);

        Assert.Equal([("b", 1), ("a", 1), ("a", 2)], journal.Select(j => (j.StepPath, j.Attempt)));
        Assert.True(journal.Zip(journal.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
    }

    [Fact]
    public async Task SupersedeJournalAsync_MarksRecordsFromSequenceOnward()
    {
        var run = await CreateRunAsync(T0);
        var other = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        var otherLease = await ClaimAsync(other.Id);
        var a = await Store.CheckpointAsync(lease, Step(run.Id, "a"), null, Ct);
        var b = await Store.CheckpointAsync(lease, Step(run.Id, "b"), null, Ct);
        await Store.CheckpointAsync(lease, Step(run.Id, "c"), null, Ct);
        await Store.CheckpointAsync(otherLease, Step(other.Id, "z"), null, Ct);

        await Store.SupersedeJournalAsync(run.Id, b.Sequence, Ct);

        var journal = await Store.GetJournalAsync(run.Id, Ct);
        Assert.Equal([false, true, true], journal.Select(j => j.Superseded));
        Assert.Equal(a.Sequence, journal[0].Sequence);
        Assert.False(Assert.Single(await Store.GetJournalAsync(other.Id, Ct)).Superseded);
    }

    [Fact]
    public async Task WriteJournalUnleasedAsync_WritesRecordAndRunChangeTogether()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        await Store.UpdateRunAsync(lease, Update(RunStatus.Waiting), release: true, Ct);

        var written = await Store.WriteJournalUnleasedAsync(
            Step(run.Id, "approve") with { Bookmark = new JsonObject { ["approvedBy"] = "alice" } },
            r => r with { Status = RunStatus.Pending },
            Ct);

        Assert.True(written.Sequence > 0);
        AssertJson(new JsonObject { ["approvedBy"] = "alice" }, Assert.Single(await Store.GetJournalAsync(run.Id, Ct)).Bookmark);
        Assert.Equal(RunStatus.Pending, (await GetRunAsync(run.Id)).Status);
    }

    [Fact]
    public async Task WriteJournalUnleasedAsync_ChangeFails_WritesNeither()
    {
        var run = await CreateRunAsync(T0);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteJournalUnleasedAsync(
            Step(run.Id, "skip"),
            _ => throw new InvalidOperationException("refused"),
            Ct));

        Assert.Empty(await Store.GetJournalAsync(run.Id, Ct));
    }

    [Fact]
    public async Task WriteJournalUnleasedAsync_WithoutChange_ReplacesSameAttempt()
    {
        var run = await CreateRunAsync(T0);
        var first = await Store.WriteJournalUnleasedAsync(Step(run.Id, "gate", status: StepStatus.Waiting), null, Ct);

        var second = await Store.WriteJournalUnleasedAsync(Step(run.Id, "gate", status: StepStatus.Skipped), null, Ct);

        Assert.Equal(first.Sequence, second.Sequence);
        Assert.Equal(StepStatus.Skipped, Assert.Single(await Store.GetJournalAsync(run.Id, Ct)).Status);
        Assert.Equal(RunStatus.Pending, (await GetRunAsync(run.Id)).Status);
    }
}
