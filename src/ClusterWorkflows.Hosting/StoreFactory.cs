using ClusterWorkflows.Store;
using ClusterWorkflows.Store.Sqlite;

namespace ClusterWorkflows.Hosting;

/// <summary>Picks the store from one setting: a file path means SQLite.</summary>
public static class StoreFactory
{
    public static bool IsPostgres(string setting) =>
        setting.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || setting.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || setting.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    public static async Task<IWorkflowStore> OpenAsync(string setting, CancellationToken cancellationToken)
    {
        if (IsPostgres(setting))
        {
            throw new NotSupportedException("PostgreSQL connection strings are not supported yet; CW_DB must be a SQLite file path.");
        }

        var store = new SqliteWorkflowStore(new SqliteStoreOptions { Path = Path.GetFullPath(setting) });
        await store.MigrateAsync(cancellationToken);
        return store;
    }
}
