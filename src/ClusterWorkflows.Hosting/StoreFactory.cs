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
        if (!IsPostgres(setting))
        {
            CreateOwnerOnly(Path.GetFullPath(setting));
        }

        IWorkflowStore store = IsPostgres(setting)
            ? new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = ToKeywordForm(setting) })
            : new SqliteWorkflowStore(new SqliteStoreOptions { Path = Path.GetFullPath(setting) });
        await store.MigrateAsync(cancellationToken);
        return store;
    }

    /// <summary>
    /// A new SQLite database file is created empty with mode 0600 before SQLite opens it (which
    /// would create it 0644 under the usual umask): it holds the audit log, run inputs and the
    /// encrypted secrets. SQLite gives its -wal and -shm files the database file's mode.
    /// An existing file is left as the operator set it.
    /// </summary>
    public static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; it is theirs to have made.
        }
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
