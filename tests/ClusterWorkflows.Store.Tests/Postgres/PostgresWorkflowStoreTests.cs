using ClusterWorkflows.Store.Postgres;
using ClusterWorkflows.Store.Tests.Contract;
using ClusterWorkflows.Testing.Postgres;

namespace ClusterWorkflows.Store.Tests.Postgres;

/// <summary>The store contract against a private PostgreSQL server, a fresh database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWorkflowStoreTests(PostgresServerFixture postgres) : WorkflowStoreContract
{
    private string? database;
    private string? connectionString;

    protected override async Task<IWorkflowStore> CreateStoreAsync()
    {
        (database, connectionString) = await postgres.CreateDatabaseAsync();
        return await OpenAsync();
    }

    protected override async Task<IWorkflowStore> OpenSameDatabaseAsync() => await OpenAsync();

    protected override async Task DeleteDatabaseAsync()
    {
        if (database is not null)
        {
            await postgres.Server.DropDatabaseAsync(database);
        }
    }

    private async Task<PostgresWorkflowStore> OpenAsync()
    {
        var store = new PostgresWorkflowStore(new PostgresStoreOptions
        {
            ConnectionString = connectionString ?? throw new InvalidOperationException("No database was created."),
        });
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }
}
