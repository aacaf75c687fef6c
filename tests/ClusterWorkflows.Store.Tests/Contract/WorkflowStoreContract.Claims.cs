namespace ClusterWorkflows.Store.Tests.Contract;

public abstract partial class WorkflowStoreContract
{
    [Fact]
    public async Task TryClaimRunAsync_PendingRuns_ClaimsOldestFirst()
    {
        var newer = await CreateRunAsync(T0.AddSeconds(5));
        var oldest = await CreateRunAsync(T0);
        var middle = await CreateRunAsync(T0.AddSeconds(2));

        var claimed = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            claimed.Add((await Store.TryClaimRunAsync("worker-1", T0.AddMinutes(1), LeaseTime, null, NoDeadOwners, Ct))!.RunId);
        }

        Assert.Equal([oldest.Id, middle.Id, newer.Id], claimed);
    }

    [Fact]
    public async Task TryClaimRunAsync_Claim_SetsRunningLeaseEpochAndStartedAt()
    {
        var run = await CreateRunAsync(T0);
        var now = T0.AddSeconds(10);

        var lease = await Store.TryClaimRunAsync("worker-1", now, LeaseTime, null, NoDeadOwners, Ct);

        Assert.Equal(new Lease(run.Id, "worker-1", 1, now + LeaseTime), lease);
        var read = await GetRunAsync(run.Id);
        Assert.Equal(RunStatus.Running, read.Status);
        Assert.Equal("worker-1", read.LeaseOwner);
        Assert.Equal(now + LeaseTime, read.LeaseExpiresAt);
        Assert.Equal(1, read.LeaseEpoch);
        Assert.Equal(now, read.StartedAt);
    }

    [Fact]
    public async Task TryClaimRunAsync_NothingClaimable_ReturnsNull()
    {
        Assert.Null(await Store.TryClaimRunAsync("worker-1", T0, LeaseTime, null, NoDeadOwners, Ct));

        var run = await CreateRunAsync(T0);
        await ClaimAsync(run.Id);

        Assert.Null(await Store.TryClaimRunAsync("worker-2", T0.AddSeconds(1), LeaseTime, null, NoDeadOwners, Ct));
    }

    [Fact]
    public async Task TryClaimRunAsync_ExpiredLease_IsTakenOverWithNextEpoch()
    {
        var run = await CreateRunAsync(T0);
        await ClaimAsync(run.Id, "worker-1", T0);

        Assert.Null(await Store.TryClaimRunAsync("worker-2", T0 + LeaseTime - TimeSpan.FromTicks(10), LeaseTime, null, NoDeadOwners, Ct));
        var takeover = await Store.TryClaimRunAsync("worker-2", T0 + LeaseTime, LeaseTime, null, NoDeadOwners, Ct);

        Assert.NotNull(takeover);
        Assert.Equal(2, takeover.Epoch);
        Assert.Equal("worker-2", (await GetRunAsync(run.Id)).LeaseOwner);
    }

    [Fact]
    public async Task TryClaimRunAsync_ReclaimAfterExpiry_KeepsFirstStartedAt()
    {
        var run = await CreateRunAsync(T0);
        await ClaimAsync(run.Id, "worker-1", T0);

        await ClaimAsync(run.Id, "worker-2", T0.AddHours(1));

        Assert.Equal(T0, (await GetRunAsync(run.Id)).StartedAt);
    }

    [Fact]
    public async Task TryClaimRunAsync_DeadOwner_IsTakenOverBeforeExpiry()
    {
        var run = await CreateRunAsync(T0);
        await ClaimAsync(run.Id, "worker-1", T0);

        Assert.Null(await Store.TryClaimRunAsync("worker-2", T0.AddSeconds(1), LeaseTime, null, ["worker-3"], Ct));
        var takeover = await Store.TryClaimRunAsync("worker-2", T0.AddSeconds(1), LeaseTime, null, ["worker-3", "worker-1"], Ct);

        Assert.Equal(run.Id, takeover?.RunId);
        Assert.Equal(2, takeover?.Epoch);
    }

    [Fact]
    public async Task TryClaimRunAsync_WaitingRun_ClaimableOnlyOnceDue()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        await Store.UpdateRunAsync(lease, Update(RunStatus.Waiting) with { WakeAt = T0.AddHours(1) }, release: true, Ct);

        Assert.Null(await Store.TryClaimRunAsync("worker-2", T0.AddMinutes(59), LeaseTime, null, NoDeadOwners, Ct));
        var resumed = await Store.TryClaimRunAsync("worker-2", T0.AddHours(1), LeaseTime, null, NoDeadOwners, Ct);

        Assert.Equal(run.Id, resumed?.RunId);
        var read = await GetRunAsync(run.Id);
        Assert.Equal(RunStatus.Running, read.Status);
        Assert.Null(read.WakeAt);
    }

    [Fact]
    public async Task TryClaimRunAsync_WaitingWithoutWakeAt_IsNotClaimable()
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        await Store.UpdateRunAsync(lease, Update(RunStatus.Waiting), release: true, Ct);

        Assert.Null(await Store.TryClaimRunAsync("worker-2", T0.AddYears(50), LeaseTime, null, NoDeadOwners, Ct));
    }

    [Theory]
    [InlineData(RunStatus.Faulted)]
    [InlineData(RunStatus.Completed)]
    [InlineData(RunStatus.Cancelled)]
    public async Task TryClaimRunAsync_FaultedOrTerminalRun_IsNotClaimable(RunStatus status)
    {
        var run = await CreateRunAsync(T0);
        var lease = await ClaimAsync(run.Id);
        await Store.UpdateRunAsync(lease, Update(status), release: true, Ct);

        Assert.Null(await Store.TryClaimRunAsync("worker-2", T0.AddDays(1), LeaseTime, null, NoDeadOwners, Ct));
        Assert.Equal(status, (await GetRunAsync(run.Id)).Status);
    }

    [Fact]
    public async Task TryClaimRunAsync_WithRunId_ConsidersOnlyThatRun()
    {
        var older = await CreateRunAsync(T0);
        var wanted = await CreateRunAsync(T0.AddSeconds(1));

        var lease = await Store.TryClaimRunAsync("worker-1", T0.AddSeconds(2), LeaseTime, wanted.Id, NoDeadOwners, Ct);
        var again = await Store.TryClaimRunAsync("worker-1", T0.AddSeconds(2), LeaseTime, wanted.Id, NoDeadOwners, Ct);

        Assert.Equal(wanted.Id, lease?.RunId);
        Assert.Null(again);
        Assert.Equal(RunStatus.Pending, (await GetRunAsync(older.Id)).Status);
    }

    [Fact]
    public async Task TryClaimRunAsync_ConcurrentClaimersOnSeparateInstances_ClaimEachRunExactlyOnce()
    {
        var created = new HashSet<Guid>();
        for (var i = 0; i < 50; i++)
        {
            created.Add((await CreateRunAsync(T0.AddTicks(i * 10))).Id);
        }

        var claimers = new List<Task<List<Lease>>>();
        for (var c = 0; c < 4; c++)
        {
            var instance = await OpenAnotherInstanceAsync();
            var owner = $"worker-{c}";
            claimers.Add(Task.Run(async () =>
            {
                var mine = new List<Lease>();
                while (await instance.TryClaimRunAsync(owner, T0.AddSeconds(1), LeaseTime, null, NoDeadOwners, Ct) is { } lease)
                {
                    mine.Add(lease);
                }

                return mine;
            }));
        }

        var leases = (await Task.WhenAll(claimers)).SelectMany(l => l).ToList();

        Assert.Equal(50, leases.Count);
        Assert.True(created.SetEquals(leases.Select(l => l.RunId)));
        Assert.All(leases, l => Assert.Equal(1, l.Epoch));
        foreach (var lease in leases)
        {
            Assert.Equal(lease.Owner, (await GetRunAsync(lease.RunId)).LeaseOwner);
        }
    }
}
