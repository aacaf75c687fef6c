using Microsoft.Data.Sqlite;

namespace ClusterWorkflows.Store.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, shared safely by several processes (a <c>cw run</c>
/// executing while <c>cw approve</c> writes from another). Writes go through one kept-open connection per
/// instance inside BEGIN IMMEDIATE transactions; reads use pooled connections and never block writers.
/// </summary>
public sealed partial class SqliteWorkflowStore : IWorkflowStore, IServerStore
{
    private readonly SqliteStoreOptions options;
    private readonly WriteConnection writer;
    private readonly string readConnectionString;
    private readonly string readPragmas;
    private int disposed;

    public SqliteWorkflowStore(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException("SqliteStoreOptions.Path must name a database file.", nameof(options));
        }

        if (options.BusyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("SqliteStoreOptions.BusyTimeout must be positive.", nameof(options));
        }

        this.options = options;
        var path = System.IO.Path.GetFullPath(options.Path);
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var busyMs = (long)Math.Ceiling(options.BusyTimeout.TotalMilliseconds);

        // Microsoft.Data.Sqlite retries BUSY by itself until the command timeout, after SQLite's own busy
        // handler gave up; matching both keeps the total wait near the configured timeout instead of its 30 s default.
        var defaultTimeout = (int)Math.Max(1, Math.Ceiling(options.BusyTimeout.TotalSeconds));
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = defaultTimeout,
            Pooling = false,
        };
        var synchronous = options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";
        writer = new WriteConnection(
            builder.ToString(),
            $"PRAGMA busy_timeout = {busyMs}; PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; " +
            "PRAGMA foreign_keys = ON; PRAGMA journal_size_limit = 67108864;");

        builder.Pooling = true;
        readConnectionString = builder.ToString();
        readPragmas = $"PRAGMA busy_timeout = {busyMs};";
        DatabasePath = path;
    }

    /// <summary>The absolute path of the database file.</summary>
    public string DatabasePath { get; }

    public Task MigrateAsync(CancellationToken cancellationToken) =>
        writer.TransactAsync(
            w =>
            {
                w.ExecuteOnce(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL);");
                var current = Convert.ToInt32(w.Command(SelectVersion).ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
                if (current > Migrations.Latest)
                {
                    throw new InvalidOperationException(
                        $"The database {DatabasePath} has schema version {current}, newer than this build knows ({Migrations.Latest}); upgrade ClusterWorkflows.");
                }

                foreach (var migration in Migrations.All.Where(m => m.Version > current))
                {
                    w.ExecuteOnce(migration.Sql);
                    var record = w.Command("INSERT INTO schema_migrations (version, applied_at) VALUES ($version, $applied_at);");
                    record.Set("$version", migration.Version);
                    record.Set("$applied_at", SqliteValues.ToMicros(DateTimeOffset.UtcNow));
                    record.ExecuteNonQuery();
                }
            },
            cancellationToken);

    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations';";
        if ((long)(await command.ExecuteScalarAsync(cancellationToken))! == 0)
        {
            return 0;
        }

        command.CommandText = SelectVersion;
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            writer.Dispose();
            using var pooled = new SqliteConnection(readConnectionString);
            SqliteConnection.ClearPool(pooled);
        }

        return ValueTask.CompletedTask;
    }

    private const string SelectVersion = "SELECT coalesce(max(version), 0) FROM schema_migrations;";

    private async Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var connection = new SqliteConnection(readConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = readPragmas;
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs one read on a pooled connection and maps every row.</summary>
    private async Task<List<T>> QueryAsync<T>(
        string sql,
        Action<SqliteCommand> bind,
        Func<SqliteDataReader, T> map,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private async Task<T?> QuerySingleAsync<T>(
        string sql,
        Action<SqliteCommand> bind,
        Func<SqliteDataReader, T> map,
        CancellationToken cancellationToken)
        where T : class
    {
        var rows = await QueryAsync(sql, bind, map, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Reads a run on the write connection, inside the caller's transaction.</summary>
    private static RunRecord? ReadRun(WriteConnection w, Guid runId)
    {
        var command = w.Command(RunRows.SelectById);
        command.Set("$id", SqliteValues.Db(runId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? RunRows.Read(reader) : null;
    }

    /// <summary>Frees the concurrency key a run holds (terminal runs).</summary>
    private static void ReleaseConcurrencyKey(WriteConnection w, Guid runId)
    {
        var command = w.Command(
            "DELETE FROM concurrency_keys WHERE key = (SELECT concurrency_key FROM runs WHERE id = $id) AND run_id = $id;");
        command.Set("$id", SqliteValues.Db(runId));
        command.ExecuteNonQuery();
    }
}
