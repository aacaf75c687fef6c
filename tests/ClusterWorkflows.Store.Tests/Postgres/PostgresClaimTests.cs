using ClusterWorkflows.Testing.Postgres;
using Npgsql;

namespace ClusterWorkflows.Store.Tests.Postgres;

/// <summary>Claims and concurrency keys with several nodes on one database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClaimTests(PostgresServerFixture postgres) : PostgresTestBase(postgres)
{
    [Fact]
    public async Task TryClaimRunAsync_TwoNodesSixClaimers_EveryRunClaimedOnceAndOneRunPerKey()
    {
        var nodeA = await OpenAsync();
        var nodeB = await OpenAsync();
        var free = new HashSet<Guid>();
        for (var i = 0; i < 200; i++)
        {
            var run = NewRun(T0.AddTicks(i * 10));
            await nodeA.CreateRunAsync(run, Ct);
            free.Add(run.Id);
        }

        var keyed = new Dictionary<Guid, string>();
        for (var i = 0; i < 10; i++)
        {
            var run = NewRun(T0.AddTicks(i * 10 + 5)) with { ConcurrencyKey = $"cluster:{i % 2}" };
            await nodeB.CreateRunAsync(run, Ct);
            keyed.Add(run.Id, run.ConcurrencyKey!);
        }

        var claimers = Enumerable.Range(0, 6).Select(c => Task.Run(async () =>
        {
            var node = c % 2 == 0 ? nodeA : nodeB;
            var mine = new List<Lease>();
            while (await node.TryClaimRunAsync($"node-{c % 2}/claimer-{c}", T0.AddSeconds(1), LeaseTime, null, [], Ct) is { } lease)
            {
                mine.Add(lease);
            }

            return mine;
        })).ToList();
        var leases = (await Task.WhenAll(claimers)).SelectMany(l => l).ToList();

        Assert.Equal(leases.Count, leases.Select(l => l.RunId).Distinct().Count());
        Assert.True(free.SetEquals(leases.Select(l => l.RunId).Where(free.Contains)));
        var keyedClaims = leases.Where(l => keyed.ContainsKey(l.RunId)).Select(l => keyed[l.RunId]).ToList();
        Assert.Equal(["cluster:0", "cluster:1"], keyedClaims.Order(StringComparer.Ordinal));
        Assert.All(leases, l => Assert.Equal(1, l.Epoch));
        var owners = await QueryAsync("SELECT id, lease_owner FROM cw.runs WHERE status = 'Running'", r => (r.GetGuid(0), r.GetString(1)));
        Assert.Equal(leases.Select(l => (l.RunId, l.Owner)).Order(), owners.Order());
        Assert.Equal(2L, await ScalarAsync<long>("SELECT count(*) FROM cw.concurrency_keys"));
    }

    [Fact]
    public async Task TryClaimRunAsync_KeyTakenByAnotherNodesClaimInFlight_DoesNotTakeItToo()
    {
        var store = await OpenAsync();
        var first = NewRun(T0) with { ConcurrencyKey = "cluster:prod" };
        var second = NewRun(T0.AddSeconds(1)) with { ConcurrencyKey = "cluster:prod" };
        await store.CreateRunAsync(first, Ct);
        await store.CreateRunAsync(second, Ct);

        // Another node is half-way through claiming the first run: row locked, key inserted, not yet committed.
        // This node skips the locked run, sees the key free in its snapshot and picks the second run.
        await using var otherNode = await OpenRawAsync();
        await using var transaction = await otherNode.BeginTransactionAsync();
        await using (var claim = new NpgsqlCommand(
            "UPDATE cw.runs SET status = 'Running', lease_owner = 'node-b', lease_epoch = 1, lease_expires_at = @expires WHERE id = @id; " +
            "INSERT INTO cw.concurrency_keys (key, run_id) VALUES ('cluster:prod', @id);",
            otherNode,
            transaction))
        {
            claim.Parameters.AddWithValue("id", first.Id);
            claim.Parameters.AddWithValue("expires", (T0 + LeaseTime).UtcDateTime);
            await claim.ExecuteNonQueryAsync();
        }

        var racing = store.TryClaimRunAsync("node-a", T0.AddSeconds(2), LeaseTime, null, [], Ct);
        await WaitUntilAsync(async () => await BlockedBackendsAsync() > 0, "the claim waits on the key the other node inserted");
        await transaction.CommitAsync();

        Assert.Null(await racing.WaitAsync(Deadline));
        Assert.Equal(RunStatus.Pending, (await store.GetRunAsync(second.Id, Ct))!.Status);
        Assert.Equal(first.Id, await ScalarAsync<Guid>("SELECT run_id FROM cw.concurrency_keys WHERE key = 'cluster:prod'"));
    }
}
