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
