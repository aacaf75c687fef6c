using ClusterWorkflows.Store.Sqlite;
using ClusterWorkflows.Store.Tests.Contract;

namespace ClusterWorkflows.Store.Tests.Sqlite;

/// <summary>The store contract against a real SQLite file in a temp directory.</summary>
public sealed class SqliteWorkflowStoreTests : WorkflowStoreContract
{
    private readonly TempDirectory directory = new();

    private string DatabasePath => directory.File("store.db");

    protected override async Task<IWorkflowStore> CreateStoreAsync() => await OpenAsync();

    protected override async Task<IWorkflowStore> OpenSameDatabaseAsync() => await OpenAsync();

    protected override Task DeleteDatabaseAsync()
    {
        directory.Dispose();
        return Task.CompletedTask;
    }

    private async Task<SqliteWorkflowStore> OpenAsync()
    {
        var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = DatabasePath });
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }
}
