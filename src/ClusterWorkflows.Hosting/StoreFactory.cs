using ClusterWorkflows.Store;
using ClusterWorkflows.Store.Postgres;
using ClusterWorkflows.Store.Sqlite;

namespace ClusterWorkflows.Hosting;

/// <summary>Picks the store from one setting (<c>CW_DB</c>): a PostgreSQL connection string, else a SQLite file path.</summary>
public static class StoreFactory
{
    public static bool IsPostgres(string setting) =>
        setting.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || setting.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || setting.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    public static async Task<IWorkflowStore> OpenAsync(string setting, CancellationToken cancellationToken)
    {
        IWorkflowStore store = IsPostgres(setting)
            ? new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = ToKeywordForm(setting) })
            : new SqliteWorkflowStore(new SqliteStoreOptions { Path = Path.GetFullPath(setting) });
        await store.MigrateAsync(cancellationToken);
        return store;
    }

    /// <summary>Npgsql wants keyword=value pairs; accept the URI form operators copy from elsewhere too.</summary>
    public static string ToKeywordForm(string setting)
    {
        if (!setting.Contains("://", StringComparison.Ordinal))
        {
            return setting;
        }

        var uri = new Uri(setting);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
        }

        return builder.ConnectionString;
    }
}
