using System.Text.Json.Nodes;
using ClusterWorkflows.Testing.Postgres;
using Npgsql;

namespace ClusterWorkflows.Store.Tests.Postgres;

/// <summary>Fenced writes when another node took the run over.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresFencingTests(PostgresServerFixture postgres) : PostgresTestBase(postgres)
{
    [Fact]
    public async Task CheckpointAsync_StaleLeaseOfAnotherNode_IsRefusedAndWritesNothing()
    {
        var nodeA = await OpenAsync();
        var nodeB = await OpenAsync();
        var run = NewRun(T0);
        await nodeA.CreateRunAsync(run, Ct);
        var stale = (await nodeA.TryClaimRunAsync("node-a", T0, LeaseTime, null, [], Ct))!;
        var current = (await nodeB.TryClaimRunAsync("node-b", T0 + LeaseTime, LeaseTime, null, [], Ct))!;
        var before = (await nodeB.GetRunAsync(run.Id, Ct))!;
        var record = new JournalRecord
        {
            RunId = run.Id,
            StepPath = "deploy",
            StepId = "deploy",
            Attempt = 1,
            Status = StepStatus.Completed,
            StartedAt = T0,
            Outputs = new JsonObject { ["late"] = true },
        };

        await Assert.ThrowsAsync<LeaseLostException>(() => nodeA.CheckpointAsync(
            stale,
            record,
            new RunStateUpdate { Status = RunStatus.Completed, Variables = new JsonObject { ["late"] = true }, EndedAt = T0, UpdatedAt = T0.AddHours(1) },
            Ct));
        await Assert.ThrowsAsync<LeaseLostException>(() => nodeA.CheckpointAsync(stale, record, null, Ct));
        Assert.False(await nodeA.RenewLeaseAsync(stale, T0.AddHours(1), Ct));

        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM cw.journal"));
        var after = (await nodeB.GetRunAsync(run.Id, Ct))!;
        Assert.Equal(RunStatus.Running, after.Status);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Empty(after.Variables);
        Assert.Null(after.EndedAt);
        Assert.Equal(("node-b", 2L), (after.LeaseOwner, after.LeaseEpoch));
        Assert.True((await nodeB.CheckpointAsync(current, record, null, Ct)).Sequence > 0);
    }

    [Fact]
    public async Task CheckpointAsync_LeaseTakenOverWhileRunRowIsLocked_WaitsThenRefuses()
    {
        var store = await OpenAsync();
        var run = NewRun(T0);
        await store.CreateRunAsync(run, Ct);
        var stale = (await store.TryClaimRunAsync("node-a", T0, LeaseTime, null, [], Ct))!;

        // Another node's takeover is in flight: it holds the run row while this node checkpoints.
        await using var takeover = await OpenRawAsync();
        await using var transaction = await takeover.BeginTransactionAsync();
        await using (var claim = new NpgsqlCommand(
            "UPDATE cw.runs SET lease_owner = 'node-b', lease_epoch = lease_epoch + 1 WHERE id = @id", takeover, transaction))
        {
            claim.Parameters.AddWithValue("id", run.Id);
            Assert.Equal(1, await claim.ExecuteNonQueryAsync());
        }

        var checkpoint = store.CheckpointAsync(
            stale,
            new JournalRecord { RunId = run.Id, StepPath = "a", StepId = "a", Attempt = 1, Status = StepStatus.Running, StartedAt = T0 },
            null,
            Ct);
        await WaitUntilAsync(async () => await BlockedBackendsAsync() > 0, "the checkpoint waits for the run row");
        Assert.False(checkpoint.IsCompleted);
        await transaction.CommitAsync();

        await Assert.ThrowsAsync<LeaseLostException>(() => checkpoint.WaitAsync(Deadline));
        Assert.Empty(await store.GetJournalAsync(run.Id, Ct));
    }
}
