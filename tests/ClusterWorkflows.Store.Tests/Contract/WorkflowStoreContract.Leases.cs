using System.Text.Json.Nodes;

namespace ClusterWorkflows.Store.Tests.Contract;

public abstract partial class WorkflowStoreContract
{
    /// <summary>A run claimed by worker-1 whose lease expired and was taken over by worker-2.</summary>
    private async Task<(RunRecord Run, Lease Stale, Lease Current)> TakenOverRunAsync()
    {
        var run = await CreateRunAsync(T0);
        var stale = await ClaimAsync(run.Id, "worker-1", T0);
        var current = await ClaimAsync(run.Id, "worker-2", T0 + LeaseTime);
        return (run, stale, current);
    }

    [Fact]
    public async Task RenewLeaseAsync_CurrentLease_ExtendsExpiry()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);

        Assert.True(await Store.RenewLeaseAsync(lease, T0.AddMinutes(10), Ct));

        Assert.Equal(T0.AddMinutes(10), (await GetRunAsync(run.Id)).LeaseExpiresAt);
        Assert.Null(await Store.TryClaimRunAsync("worker-2", T0.AddMinutes(5), LeaseTime, null, NoDeadOwners, Ct));
    }

    [Fact]
    public async Task RenewLeaseAsync_StaleLease_ReturnsFalseAndChangesNothing()
    {
        var (run, stale, current) = await TakenOverRunAsync();

        Assert.False(await Store.RenewLeaseAsync(stale, T0.AddHours(5), Ct));

        Assert.Equal(current.ExpiresAt, (await GetRunAsync(run.Id)).LeaseExpiresAt);
    }

    [Fact]
    public async Task CheckpointAsync_StaleLease_ThrowsAndWritesNothing()
    {
        var (run, stale, _) = await TakenOverRunAsync();
        var before = await GetRunAsync(run.Id);

        var error = await Assert.ThrowsAsync<LeaseLostException>(
            () => Store.CheckpointAsync(stale, Step(run.Id, "deploy"), Update(RunStatus.Completed) with { Error = "late" }, Ct));

        Assert.Equal(run.Id, error.RunId);
        Assert.Empty(await Store.GetJournalAsync(run.Id, Ct));
        var after = await GetRunAsync(run.Id);
        Assert.Equal(before.Status, after.Status);
        Assert.Null(after.Error);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
    }

    [Fact]
    public async Task CheckpointAsync_StaleLeaseWithoutRunUpdate_ThrowsAndWritesNothing()
    {
        var (run, stale, _) = await TakenOverRunAsync();

        await Assert.ThrowsAsync<LeaseLostException>(() => Store.CheckpointAsync(stale, Step(run.Id, "deploy"), null, Ct));

        Assert.Empty(await Store.GetJournalAsync(run.Id, Ct));
    }

    [Fact]
    public async Task UpdateRunAsync_StaleLease_ThrowsAndLeavesRun()
    {
        var (run, stale, current) = await TakenOverRunAsync();

        await Assert.ThrowsAsync<LeaseLostException>(() => Store.UpdateRunAsync(stale, Update(RunStatus.Faulted), release: true, Ct));

        var read = await GetRunAsync(run.Id);
        Assert.Equal(RunStatus.Running, read.Status);
        Assert.Equal(current.Owner, read.LeaseOwner);
    }

    [Fact]
    public async Task UpdateRunAsync_Release_ClearsLeaseAndLaterFencedWritesFail()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);

        await Store.UpdateRunAsync(lease, Update(RunStatus.Pending), release: true, Ct);

        var read = await GetRunAsync(run.Id);
        Assert.Null(read.LeaseOwner);
        Assert.Null(read.LeaseExpiresAt);
        Assert.Equal(RunStatus.Pending, read.Status);
        await Assert.ThrowsAsync<LeaseLostException>(() => Store.CheckpointAsync(lease, Step(run.Id, "a"), null, Ct));
        Assert.Equal(2, (await ClaimAsync(run.Id, "worker-2")).Epoch);
    }

    [Fact]
    public async Task UpdateRunAsync_WithoutRelease_KeepsLease()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);

        await Store.UpdateRunAsync(lease, Update() with { Variables = new JsonObject { ["x"] = 1 } }, release: false, Ct);

        var read = await GetRunAsync(run.Id);
        Assert.Equal("worker-1", read.LeaseOwner);
        Assert.Equal(lease.ExpiresAt, read.LeaseExpiresAt);
        AssertJson(new JsonObject { ["x"] = 1 }, read.Variables);
    }

    [Fact]
    public async Task UpdateRunAsync_NullFields_AreLeftAsTheyAre()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        await Store.UpdateRunAsync(
            lease,
            Update(RunStatus.Waiting) with
            {
                Variables = new JsonObject { ["v"] = "1" },
                Outputs = new JsonObject { ["o"] = "1" },
                Error = "first",
                WakeAt = T0.AddHours(2),
                EndedAt = T0.AddHours(3),
            },
            release: false,
            Ct);

        await Store.UpdateRunAsync(lease, new RunStateUpdate { UpdatedAt = T0.AddSeconds(9) }, release: false, Ct);

        var read = await GetRunAsync(run.Id);
        Assert.Equal(RunStatus.Waiting, read.Status);
        AssertJson(new JsonObject { ["v"] = "1" }, read.Variables);
        AssertJson(new JsonObject { ["o"] = "1" }, read.Outputs);
        Assert.Equal("first", read.Error);
        Assert.Equal(T0.AddHours(2), read.WakeAt);
        Assert.Equal(T0.AddHours(3), read.EndedAt);
        Assert.Equal(T0, read.StartedAt);
        Assert.Equal(T0.AddSeconds(9), read.UpdatedAt);
    }

    [Fact]
    public async Task UpdateRunAsync_ClearFlags_EraseErrorAndWakeAt()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        await Store.UpdateRunAsync(lease, Update() with { Error = "boom", WakeAt = T0.AddHours(1) }, release: false, Ct);

        await Store.UpdateRunAsync(lease, Update() with { ClearError = true, ClearWakeAt = true }, release: false, Ct);

        var read = await GetRunAsync(run.Id);
        Assert.Null(read.Error);
        Assert.Null(read.WakeAt);
    }

    [Fact]
    public async Task UpdateRunAsync_StartedAt_OverridesClaimTime()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);

        await Store.UpdateRunAsync(lease, Update() with { StartedAt = T0.AddTicks(-10) }, release: false, Ct);

        Assert.Equal(T0.AddTicks(-10), (await GetRunAsync(run.Id)).StartedAt);
    }
}
