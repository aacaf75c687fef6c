using ClusterWorkflows.Store.Postgres;
using ClusterWorkflows.Testing.Postgres;
using Npgsql;

namespace ClusterWorkflows.Store.Tests.Postgres;

/// <summary>Migrations from several nodes at once, schemas, privileges.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationTests(PostgresServerFixture postgres) : PostgresTestBase(postgres)
{
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
        await Server.ExecuteSqlAsync($"CREATE ROLE {role} LOGIN", Database);
        try
        {
            await Server.ExecuteSqlAsync($"CREATE SCHEMA cw AUTHORIZATION {role}", Database);
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Username = role };
            await using var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = builder.ConnectionString });

            await store.MigrateAsync(Ct);
            await store.MigrateAsync(Ct);
            await store.CreateRunAsync(NewRun(T0), Ct);

            Assert.True(await store.SchemaVersionAsync(Ct) > 0);
            Assert.Single(await store.ListRunsAsync(new RunQuery(), Ct));
        }
        finally
        {
            await Server.ExecuteSqlAsync($"DROP SCHEMA cw CASCADE; DROP ROLE {role}", Database);
        }
    }

    [Fact]
    public async Task MigrateAsync_VersionOneDatabase_NumbersTheJournalAndKeepsRunsAndDefinitions()
    {
        await OpenAsync();
        var run = Guid.NewGuid();

        // Back to the version 1 schema, with a definition, a run and its journal written by a version 1 build.
        await Server.ExecuteSqlAsync($$"""
            DROP TABLE cw.webhook_deliveries; DROP TABLE cw.api_tokens; ALTER TABLE cw.definitions DROP COLUMN deleted_at;
            DROP INDEX cw.ux_runs_dedup_key; ALTER TABLE cw.runs DROP COLUMN dedup_key; DROP INDEX cw.ix_runs_updated;
            ALTER TABLE cw.journal DROP COLUMN revision; DELETE FROM cw.schema_migrations WHERE version > 1;
            INSERT INTO cw.definitions (id, version, content, hash, created_at) VALUES ('old', 1, 'steps: []', 'h', now());
            INSERT INTO cw.runs (id, definition_id, definition_version, status, inputs, variables, check_mode, cancel_requested,
                input_overrides, created_at, updated_at, lease_epoch)
            VALUES ('{{run}}', 'old', 1, 'Pending', '{}', '{}', false, false, '{}', now(), now(), 0);
            INSERT INTO cw.journal (run_id, step_path, step_id, attempt, status, started_at, changed, handled, superseded)
            VALUES ('{{run}}', 'a', 'a', 1, 'Completed', now(), false, false, false),
                   ('{{run}}', 'b', 'b', 1, 'Completed', now(), false, false, false);
            """, Database);

        var store = await OpenAsync();
        var journal = await store.GetJournalAsync(run, Ct);
        var next = await store.WriteJournalUnleasedAsync(
            new JournalRecord { RunId = run, StepPath = "c", StepId = "c", Attempt = 1, Status = StepStatus.Completed, StartedAt = T0 },
            null,
            Ct);

        Assert.Equal(2, await store.SchemaVersionAsync(Ct));
        Assert.Equal(2, journal.Select(j => j.Revision).Distinct().Count());
        Assert.All(journal, j => Assert.True(j.Revision > 0));
        Assert.True(next.Revision > journal.Max(j => j.Revision));
        Assert.Equal(["a", "b", "c"], (await store.GetJournalChangesAsync(run, 0, 10, Ct)).Select(j => j.StepPath).Order());
        Assert.Null((await store.GetRunAsync(run, Ct))?.DedupKey);
        Assert.Equal(["old"], (await store.ListDefinitionsAsync(Ct)).Select(d => d.Id));
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
}
