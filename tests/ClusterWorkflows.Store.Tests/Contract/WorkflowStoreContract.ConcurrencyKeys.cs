namespace ClusterWorkflows.Store.Tests.Contract;

public abstract partial class WorkflowStoreContract
{
    private const string ProdKey = "cluster:prod";

    [Fact]
    public async Task TryClaimRunAsync_SameKeyHeld_SecondRunWaitsUntilFirstCompletes()
    {
        var first = await CreateRunAsync(T0, ProdKey);
        var second = await CreateRunAsync(T0.AddSeconds(1), ProdKey);
        var lease = await ClaimAsync(first.Id);

        Assert.Null(await Store.TryClaimRunAsync("worker-2", T0.AddSeconds(2), LeaseTime, null, NoDeadOwners, Ct));
        Assert.Null(await Store.TryClaimRunAsync("worker-2", T0.AddSeconds(2), LeaseTime, second.Id, NoDeadOwners, Ct));

        await Store.UpdateRunAsync(lease, Update(RunStatus.Completed) with { EndedAt = T0.AddSeconds(3) }, release: true, Ct);

        Assert.Equal(second.Id, (await Store.TryClaimRunAsync("worker-2", T0.AddSeconds(4), LeaseTime, null, NoDeadOwners, Ct))?.RunId);
    }

    [Fact]
    public async Task TryClaimRunAsync_SameKey_OlderPendingRunGetsItFirst()
    {
        var older = await CreateRunAsync(T0, ProdKey);
        await CreateRunAsync(T0.AddSeconds(1), ProdKey);

        var lease = await Store.TryClaimRunAsync("worker-1", T0.AddSeconds(2), LeaseTime, null, NoDeadOwners, Ct);

        Assert.Equal(older.Id, lease?.RunId);
        Assert.Null(await Store.TryClaimRunAsync("worker-1", T0.AddSeconds(2), LeaseTime, null, NoDeadOwners, Ct));
    }

    [Fact]
    public async Task TryClaimRunAsync_HolderCancelledByOperator_ReleasesKey()
    {
        var first = await CreateRunAsync(T0, ProdKey);
        var second = await CreateRunAsync(T0.AddSeconds(1), ProdKey);
        var lease = await ClaimAsync(first.Id);
        await Store.UpdateRunAsync(lease, Update(RunStatus.Faulted), release: true, Ct);

        await Store.AlterRunAsync(first.Id, r => r with { Status = RunStatus.Cancelled, EndedAt = T0.AddSeconds(5) }, evenIfLeased: false, Ct);

        Assert.Equal(second.Id, (await Store.TryClaimRunAsync("worker-2", T0.AddSeconds(6), LeaseTime, null, NoDeadOwners, Ct))?.RunId);
    }

    [Fact]
    public async Task TryClaimRunAsync_HolderFaulted_KeepsKey()
    {
        var first = await CreateRunAsync(T0, ProdKey);
        await CreateRunAsync(T0.AddSeconds(1), ProdKey);
        var lease = await ClaimAsync(first.Id);

        await Store.UpdateRunAsync(lease, Update(RunStatus.Faulted) with { Error = "disk full" }, release: true, Ct);

        Assert.Null(await Store.TryClaimRunAsync("worker-2", T0.AddDays(1), LeaseTime, null, NoDeadOwners, Ct));
    }

    [Fact]
    public async Task TryClaimRunAsync_HolderCompletedByCheckpoint_ReleasesKey()
    {
        var first = await CreateRunAsync(T0, ProdKey);
        var second = await CreateRunAsync(T0.AddSeconds(1), ProdKey);
        var lease = await ClaimAsync(first.Id);

        await Store.CheckpointAsync(lease, Step(first.Id, "root"), Update(RunStatus.Completed), Ct);

        Assert.Equal(second.Id, (await Store.TryClaimRunAsync("worker-2", T0.AddSeconds(2), LeaseTime, null, NoDeadOwners, Ct))?.RunId);
    }

    [Fact]
    public async Task TryClaimRunAsync_HolderResumedAfterWait_KeepsItsOwnKey()
    {
        var first = await CreateRunAsync(T0, ProdKey);
        await CreateRunAsync(T0.AddSeconds(1), ProdKey);
        var lease = await ClaimAsync(first.Id);
        await Store.UpdateRunAsync(lease, Update(RunStatus.Waiting) with { WakeAt = T0.AddHours(1) }, release: true, Ct);

        var resumed = await Store.TryClaimRunAsync("worker-2", T0.AddHours(1), LeaseTime, null, NoDeadOwners, Ct);

        Assert.Equal(first.Id, resumed?.RunId);
        Assert.Null(await Store.TryClaimRunAsync("worker-2", T0.AddHours(1), LeaseTime, null, NoDeadOwners, Ct));
    }

    [Fact]
    public async Task TryClaimRunAsync_DifferentKeys_AreIndependent()
    {
        await CreateRunAsync(T0, ProdKey);
        await CreateRunAsync(T0.AddSeconds(1), "cluster:staging");
        await CreateRunAsync(T0.AddSeconds(2));

        var claimed = 0;
        while (await Store.TryClaimRunAsync("worker-1", T0.AddSeconds(3), LeaseTime, null, NoDeadOwners, Ct) is not null)
        {
            claimed++;
        }

        Assert.Equal(3, claimed);
    }
}
