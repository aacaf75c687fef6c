using System.Text.Json.Nodes;
using ClusterWorkflows.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace ClusterWorkflows.Store.Tests.Sqlite;

/// <summary>What only the SQLite store promises: the file, its pragmas, and several processes on one file.</summary>
public sealed class SqliteStoreBehaviourTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static async Task<SqliteWorkflowStore> OpenAsync(string path, TimeSpan? busyTimeout = null)
    {
        var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = path, BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(10) });
        await store.MigrateAsync(Ct);
        return store;
    }

    private static RunRecord NewRun(int i) => new()
    {
        Id = Guid.NewGuid(),
        DefinitionId = "deploy-stack",
        DefinitionVersion = 1,
        CreatedAt = T0.AddTicks(i * 10),
        UpdatedAt = T0,
    };

    private static SqliteConnection OpenRaw(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task Constructor_MissingParentDirectory_IsCreated()
    {
        var path = Path.Combine(directory.Path, "nested", "deeper", "cw.db");

        await using (await OpenAsync(path))
        {
            Assert.True(File.Exists(path));
        }
    }

    [Fact]
    public void Constructor_EmptyPath_ThrowsNamingTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteWorkflowStore(new SqliteStoreOptions { Path = " " }));

        Assert.Contains("Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_NewFile_UsesWalModeAndRecordsVersion()
    {
        var path = directory.File("cw.db");
        await using var store = await OpenAsync(path);

        using var raw = OpenRaw(path);

        Assert.Equal("wal", Scalar(raw, "PRAGMA journal_mode;"));
        Assert.Equal(await store.SchemaVersionAsync(Ct), Convert.ToInt32(Scalar(raw, "SELECT max(version) FROM schema_migrations;"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1L, Scalar(raw, "SELECT count(*) FROM schema_migrations WHERE version = 1;"));
    }

    [Fact]
    public async Task SchemaVersionAsync_BeforeMigrate_IsZero()
    {
        await using var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = directory.File("cw.db") });

        Assert.Equal(0, await store.SchemaVersionAsync(Ct));
    }

    [Fact]
    public async Task MigrateAsync_TwoInstancesAtOnceOnNewFile_BothSucceedOnce()
    {
        var path = directory.File("cw.db");
        await using var first = new SqliteWorkflowStore(new SqliteStoreOptions { Path = path });
        await using var second = new SqliteWorkflowStore(new SqliteStoreOptions { Path = path });

        await Task.WhenAll(Task.Run(() => first.MigrateAsync(Ct)), Task.Run(() => second.MigrateAsync(Ct)));

        using var raw = OpenRaw(path);
        // One row per migration: each was applied once although both instances migrated.
        var latest = await second.SchemaVersionAsync(Ct);
        Assert.True(latest > 0);
        Assert.Equal((long)latest, Scalar(raw, "SELECT count(*) FROM schema_migrations;"));
        Assert.Equal((long)latest, Scalar(raw, "SELECT count(DISTINCT version) FROM schema_migrations;"));
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFromNewerBuild_RefusesClearly()
    {
        var path = directory.File("cw.db");
        await using (await OpenAsync(path))
        {
        }

        using (var raw = OpenRaw(path))
        {
            Scalar(raw, "INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0);");
        }

        await using var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = path });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.MigrateAsync(Ct));

        Assert.Contains("9999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_VersionTwoDatabase_NumbersTheJournalAndKeepsRunsAndDefinitions()
    {
        var path = directory.File("cw.db");
        var run = Guid.NewGuid();
        await using (await OpenAsync(path))
        {
        }

        // Back to the version 2 schema, with a definition, a run and its journal written by a version 2 build.
        using (var raw = OpenRaw(path))
        {
            using var command = raw.CreateCommand();
            command.CommandText = SqliteSchemaHistory.BackToVersionTwo + $$"""
                INSERT INTO definitions (id, version, content, hash, created_at) VALUES ('old', 1, 'steps: []', 'h', 0);
                INSERT INTO runs (id, definition_id, definition_version, status, inputs, variables, check_mode, cancel_requested,
                    input_overrides, created_at, updated_at, lease_epoch)
                VALUES ('{{run}}', 'old', 1, 'Pending', '{}', '{}', 0, 0, '{}', 0, 0, 0);
                INSERT INTO journal (run_id, step_path, step_id, attempt, status, started_at, changed, handled, superseded)
                VALUES ('{{run}}', 'a', 'a', 1, 'Completed', 0, 0, 0, 0), ('{{run}}', 'b', 'b', 1, 'Completed', 0, 0, 0, 0);
                """;
            command.ExecuteNonQuery();
        }

        await using var store = await OpenAsync(path);
        var journal = await store.GetJournalAsync(run, Ct);
        var next = await store.WriteJournalUnleasedAsync(
            new JournalRecord { RunId = run, StepPath = "c", StepId = "c", Attempt = 1, Status = StepStatus.Completed, StartedAt = T0 },
            null,
            Ct);

        Assert.Equal(4, await store.SchemaVersionAsync(Ct));
        Assert.Equal(journal.Select(j => j.Sequence), journal.Select(j => j.Revision));
        Assert.True(next.Revision > journal[^1].Revision);
        Assert.Equal(["a", "b", "c"], (await store.GetJournalChangesAsync(run, 0, 10, Ct)).Select(j => j.StepPath));
        Assert.Null((await store.GetRunAsync(run, Ct))?.DedupKey);
        Assert.Equal(["old"], (await store.ListDefinitionsAsync(Ct)).Select(d => d.Id));
    }

    [Fact]
    public async Task Constructor_ReopenAfterDispose_KeepsData()
    {
        var path = directory.File("cw.db");
        var run = NewRun(0);
        await using (var store = await OpenAsync(path))
        {
            await store.CreateRunAsync(run, Ct);
        }

        await using var reopened = await OpenAsync(path);

        Assert.Equal(run.Id, (await reopened.GetRunAsync(run.Id, Ct))?.Id);
    }

    [Fact]
    public async Task Writes_TwoInstancesOnOneFileConcurrently_NeverReportLocked()
    {
        var path = directory.File("cw.db");
        await using var first = await OpenAsync(path);
        await using var second = await OpenAsync(path);

        static async Task<int> WorkAsync(IWorkflowStore store, string owner)
        {
            var checkpoints = 0;
            for (var i = 0; i < 40; i++)
            {
                var run = NewRun(i);
                await store.CreateRunAsync(run, Ct);
                var lease = await store.TryClaimRunAsync(owner, T0.AddSeconds(1), TimeSpan.FromMinutes(1), run.Id, [], Ct)
                    ?? throw new InvalidOperationException("claim failed");
                for (var step = 0; step < 5; step++)
                {
                    await store.CheckpointAsync(
                        lease,
                        new JournalRecord { RunId = run.Id, StepPath = $"s{step}", StepId = $"s{step}", Attempt = 1, Status = StepStatus.Completed, StartedAt = T0 },
                        new RunStateUpdate { Variables = new JsonObject { ["step"] = step }, UpdatedAt = T0 },
                        Ct);
                    checkpoints++;
                }

                await store.AppendLogsAsync([new LogLine(0, run.Id, "s0", 1, T0, "info", owner)], Ct);
                await store.AppendAuditAsync(new AuditRecord(0, T0, owner, "test", run.Id, null, null, null, null), Ct);
            }

            return checkpoints;
        }

        var results = await Task.WhenAll(Task.Run(() => WorkAsync(first, "a")), Task.Run(() => WorkAsync(second, "b")));

        Assert.Equal([200, 200], results);
        Assert.Equal(80, (await first.ListRunsAsync(new RunQuery { Limit = 1000 }, Ct)).Count);
        Assert.Equal(80, (await second.ListAuditAsync(null, 1000, Ct)).Count);
    }

    [Fact]
    public async Task Write_WhileAnotherProcessHoldsTheWriteLock_WaitsThenSucceeds()
    {
        var path = directory.File("cw.db");
        await using var store = await OpenAsync(path);
        using var foreign = OpenRaw(path);
        Scalar(foreign, "BEGIN IMMEDIATE;");

        var write = Task.Run(() => store.AppendAuditAsync(new AuditRecord(0, T0, "op", "approve", null, null, null, null, null), Ct));
        Scalar(foreign, "INSERT INTO audit (ts, actor, action) VALUES (0, 'foreign', 'x');");
        Scalar(foreign, "COMMIT;");
        await write.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["approve", "x"], (await store.ListAuditAsync(null, 10, Ct)).Select(a => a.Action).Order());
    }

    [Fact]
    public async Task Write_LockHeldPastBusyTimeout_FailsInsteadOfHanging()
    {
        var path = directory.File("cw.db");
        await using var store = await OpenAsync(path, TimeSpan.FromMilliseconds(50));
        using var foreign = OpenRaw(path);
        Scalar(foreign, "BEGIN IMMEDIATE;");

        var error = await Assert.ThrowsAsync<SqliteException>(
            () => store.AppendAuditAsync(new AuditRecord(0, T0, "op", "approve", null, null, null, null, null), Ct));
        Scalar(foreign, "ROLLBACK;");

        Assert.Equal(5, error.SqliteErrorCode);
        await store.AppendAuditAsync(new AuditRecord(0, T0, "op", "after", null, null, null, null, null), Ct);
        Assert.Equal("after", Assert.Single(await store.ListAuditAsync(null, 10, Ct)).Action);
    }

    [Theory]
    [InlineData(59, false)]
    [InlineData(61, true)]
    public async Task AlterRunAsync_LeaseLiveness_IsJudgedByTheOptionsClock(int secondsAfterClaim, bool allowed)
    {
        var clock = new FixedTimeProvider(T0.AddSeconds(secondsAfterClaim));
        await using var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = directory.File("cw.db"), TimeProvider = clock });
        await store.MigrateAsync(Ct);
        var run = NewRun(0);
        await store.CreateRunAsync(run, Ct);
        await store.TryClaimRunAsync("worker-1", T0, TimeSpan.FromMinutes(1), run.Id, [], Ct);

        var alter = () => store.AlterRunAsync(run.Id, r => r with { CancelRequested = true }, evenIfLeased: false, Ct);

        if (allowed)
        {
            Assert.True((await alter()).CancelRequested);
        }
        else
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(alter);
            Assert.Contains("worker-1", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DisposeAsync_ThenUse_ThrowsObjectDisposed()
    {
        var store = await OpenAsync(directory.File("cw.db"));

        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendAuditAsync(new AuditRecord(0, T0, "a", "b", null, null, null, null, null), Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetRunAsync(Guid.NewGuid(), Ct));
    }
}
