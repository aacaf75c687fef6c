using System.Text.Json.Nodes;
using ClusterWorkflows.Store.Postgres;
using ClusterWorkflows.Testing.Postgres;
using Npgsql;

namespace ClusterWorkflows.Store.Tests.Postgres;

/// <summary>What only the PostgreSQL store promises: several nodes on one database, LISTEN/NOTIFY, safe concurrent migrations.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreBehaviourTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2100, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly List<PostgresWorkflowStore> stores = [];
    private string database = "";
    private string connectionString = "";

    public async Task InitializeAsync() => (database, connectionString) = await postgres.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        await postgres.Server.DropDatabaseAsync(database);
    }

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

    [Fact]
    public async Task MigrateAsync_TwoNodesAtOnceOnAnEmptyDatabase_AppliesEveryMigrationOnce()
    {
        var first = Open();
        var second = Open();

        await Task.WhenAll(Task.Run(() => first.MigrateAsync(Ct)), Task.Run(() => second.MigrateAsync(Ct)));

        var version = await first.SchemaVersionAsync(Ct);
        Assert.True(version > 0);
        Assert.Equal(version, await second.SchemaVersionAsync(Ct));
        Assert.Equal((long)version, await ScalarAsync<long>("SELECT count(*) FROM cw.schema_migrations"));
        Assert.Equal((long)version, await ScalarAsync<long>("SELECT count(DISTINCT version) FROM cw.schema_migrations"));
    }

    [Fact]
    public async Task MigrateAsync_RoleOwningAnExistingSchemaButNotTheDatabase_Migrates()
    {
        var role = "app_" + Guid.NewGuid().ToString("N")[..12];
        await postgres.Server.ExecuteSqlAsync($"CREATE ROLE {role} LOGIN", database);
        try
        {
            await postgres.Server.ExecuteSqlAsync($"CREATE SCHEMA cw AUTHORIZATION {role}", database);
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Username = role };
            await using var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = builder.ConnectionString });

            await store.MigrateAsync(Ct);
            await store.MigrateAsync(Ct);
            await store.CreateRunAsync(NewRun(T0), Ct);

            Assert.True(await store.SchemaVersionAsync(Ct) > 0);
            Assert.Single(await store.ListRunsAsync(new RunQuery(), Ct));
        }
        finally
        {
            await postgres.Server.ExecuteSqlAsync($"DROP SCHEMA cw CASCADE; DROP ROLE {role}", database);
        }
    }

    [Fact]
    public async Task CheckpointAndLogs_NulCharacters_AreStoredAsReplacementCharacters()
    {
        var store = await OpenAsync();
        var run = NewRun(T0);
        await store.CreateRunAsync(run, Ct);
        var lease = (await store.TryClaimRunAsync("worker", T0, LeaseTime, null, [], Ct))!;

        await store.CheckpointAsync(
            lease,
            new JournalRecord
            {
                RunId = run.Id,
                StepPath = "cmd",
                StepId = "cmd",
                Attempt = 1,
                Status = StepStatus.Faulted,
                StartedAt = T0,
                Outputs = new JsonObject { ["stdout"] = "a\0b", ["path"] = "C:\\u0000" },
                Error = new StepError("command.failed", "exit\0 1", Retryable: false),
            },
            new RunStateUpdate { Error = "step cmd: exit\0 1", UpdatedAt = T0 },
            Ct);
        await store.AppendLogsAsync([new LogLine(0, run.Id, "cmd", 1, T0, "info", "bin\0ary")], Ct);

        var record = Assert.Single(await store.GetJournalAsync(run.Id, Ct));
        Assert.Equal("a\uFFFDb", record.Outputs!["stdout"]!.GetValue<string>());
        Assert.Equal("C:\\u0000", record.Outputs!["path"]!.GetValue<string>());
        Assert.Equal("exit\uFFFD 1", record.Error!.Message);
        Assert.Equal("step cmd: exit\uFFFD 1", (await store.GetRunAsync(run.Id, Ct))!.Error);
        Assert.Equal("bin\uFFFDary", Assert.Single(await store.GetLogsAsync(run.Id, null, 0, 10, Ct)).Text);
    }

    [Fact]
    public async Task SchemaVersionAsync_BeforeMigration_IsZero()
    {
        var store = Open();

        Assert.Equal(0, await store.SchemaVersionAsync(Ct));
    }

    [Fact]
    public async Task Schema_TwoStoresInDifferentSchemas_DoNotSeeEachOther()
    {
        var blue = await OpenAsync("blue");
        var green = await OpenAsync("green");
        var run = NewRun(T0);

        await blue.CreateRunAsync(run, Ct);

        Assert.NotNull(await blue.GetRunAsync(run.Id, Ct));
        Assert.Null(await green.GetRunAsync(run.Id, Ct));
        Assert.Null(await green.TryClaimRunAsync("worker", T0, LeaseTime, null, [], Ct));
    }

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

    [Fact]
    public async Task AppendLogsAsync_ConcurrentBatchesForOneRun_SequenceFollowsCommitOrder()
    {
        var store = await OpenAsync();
        var run = NewRun(T0);
        await store.CreateRunAsync(run, Ct);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var batch = 0; batch < 10; batch++)
            {
                await store.AppendLogsAsync(
                    [.. Enumerable.Range(0, 5).Select(i => new LogLine(0, run.Id, $"w{writer}", 1, T0, "info", $"{writer}:{batch}:{i}"))],
                    Ct);
            }
        })));

        var lines = await store.GetLogsAsync(run.Id, null, 0, 1000, Ct);
        Assert.Equal(400, lines.Count);
        foreach (var writer in lines.GroupBy(l => l.StepPath))
        {
            Assert.Equal(
                writer.Select(l => l.Text).Order(StringComparer.Ordinal).ToList(),
                writer.Select(l => l.Text).ToList());
        }
    }

    private static RunRecord NewRun(DateTimeOffset createdAt) => new()
    {
        Id = Guid.NewGuid(),
        DefinitionId = "deploy-stack",
        DefinitionVersion = 1,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    /// <summary>The first wait of a store returns once its LISTEN is in place; later notifications reach later waits.</summary>
    private static Task ListenAsync(PostgresWorkflowStore store) => store.WaitAsync(TimeSpan.FromMinutes(5), Ct).WaitAsync(Deadline);

    private PostgresWorkflowStore Open(string schema = "cw")
    {
        var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = connectionString, Schema = schema });
        stores.Add(store);
        return store;
    }

    private async Task<PostgresWorkflowStore> OpenAsync(string schema = "cw")
    {
        var store = Open(schema);
        await store.MigrateAsync(Ct);
        return store;
    }

    private async Task<NpgsqlConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenRawAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> map)
    {
        await using var connection = await OpenRawAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string because)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!await condition())
        {
            Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < Deadline, $"not true within {Deadline}: {because}");
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }

    private Task<int> ListenerPidAsync() => ScalarAsync<int>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN cw_work' AND pid <> pg_backend_pid()");

    private Task<long> BlockedBackendsAsync() => ScalarAsync<long>(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
}
