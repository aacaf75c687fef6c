using ClusterWorkflows.Testing.Postgres;

namespace ClusterWorkflows.Store.Tests.Postgres;

/// <summary>IWorkSignal over LISTEN/NOTIFY.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWorkSignalTests(PostgresServerFixture postgres) : PostgresTestBase(postgres)
{
    [Fact]
    public async Task WaitAsync_RunCreatedByAnotherNode_WakesTheWaiter()
    {
        var waiter = await OpenAsync();
        var creator = await OpenAsync();
        await ListenAsync(waiter);

        var wake = waiter.WaitAsync(TimeSpan.FromMinutes(5), Ct);
        Assert.False(wake.IsCompleted);
        await creator.CreateRunAsync(NewRun(T0), Ct);

        await wake.WaitAsync(Deadline);
        Assert.NotNull(await waiter.TryClaimRunAsync("worker", T0, LeaseTime, null, [], Ct));
    }

    [Fact]
    public async Task WaitAsync_NoNotification_ReturnsAfterItsTimeout()
    {
        var store = await OpenAsync();
        await ListenAsync(store);
        var timeout = TimeSpan.FromMilliseconds(200);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        await store.WaitAsync(timeout, Ct);

        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) >= timeout - TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        var store = await OpenAsync();
        await ListenAsync(store);
        using var cancel = new CancellationTokenSource();

        var wait = store.WaitAsync(TimeSpan.FromMinutes(5), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Deadline));
    }

    [Fact]
    public async Task WaitAsync_ReleasedLeaseAndConcurrencyKey_WakeTheWaiter()
    {
        var waiter = await OpenAsync();
        var worker = await OpenAsync();
        var run = NewRun(T0) with { ConcurrencyKey = "cluster:prod" };
        await worker.CreateRunAsync(run, Ct);
        await ListenAsync(waiter);
        var lease = (await worker.TryClaimRunAsync("worker", T0, LeaseTime, null, [], Ct))!;

        var handedBack = waiter.WaitAsync(TimeSpan.FromMinutes(5), Ct);
        await worker.UpdateRunAsync(lease, new RunStateUpdate { Status = RunStatus.Pending, UpdatedAt = T0 }, release: true, Ct);
        await handedBack.WaitAsync(Deadline);

        lease = (await worker.TryClaimRunAsync("worker", T0, LeaseTime, null, [], Ct))!;
        var keyReleased = waiter.WaitAsync(TimeSpan.FromMinutes(5), Ct);
        Assert.False(keyReleased.IsCompleted);
        await worker.CheckpointAsync(
            lease,
            new JournalRecord { RunId = run.Id, StepPath = "root", StepId = "root", Attempt = 1, Status = StepStatus.Completed, StartedAt = T0 },
            new RunStateUpdate { Status = RunStatus.Completed, EndedAt = T0, UpdatedAt = T0 },
            Ct);
        await keyReleased.WaitAsync(Deadline);
    }

    [Fact]
    public async Task WaitAsync_ListenConnectionKilled_ReconnectsAndStillWakes()
    {
        var waiter = await OpenAsync();
        var creator = await OpenAsync();
        await ListenAsync(waiter);
        var listenerPid = await ListenerPidAsync();

        Assert.True(await ScalarAsync<bool>($"SELECT pg_terminate_backend({listenerPid})"));

        // The re-established LISTEN wakes its waiter (notifications may have been lost meanwhile).
        await waiter.WaitAsync(TimeSpan.FromMinutes(5), Ct).WaitAsync(Deadline);
        Assert.NotEqual(listenerPid, await ListenerPidAsync());
        var wake = waiter.WaitAsync(TimeSpan.FromMinutes(5), Ct);
        await creator.CreateRunAsync(NewRun(T0), Ct);
        await wake.WaitAsync(Deadline);
    }
}
