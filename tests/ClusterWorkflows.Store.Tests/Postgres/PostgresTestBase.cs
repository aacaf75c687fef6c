using ClusterWorkflows.Store.Postgres;
using ClusterWorkflows.Testing.Postgres;
using Npgsql;

namespace ClusterWorkflows.Store.Tests.Postgres;

/// <summary>
/// What the PostgreSQL-only tests share: a fresh database per test on the collection's server, store instances
/// ("nodes") on it that are disposed with the test, and raw connections to look at or hold rows.
/// </summary>
public abstract class PostgresTestBase(PostgresServerFixture postgres) : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2100, 1, 1, 12, 0, 0, TimeSpan.Zero);
    protected static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(1);
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    protected static readonly CancellationToken Ct = CancellationToken.None;

    private readonly List<PostgresWorkflowStore> stores = [];

    protected PostgresServer Server => postgres.Server;

    protected string Database { get; private set; } = "";

    protected string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync() => (Database, ConnectionString) = await postgres.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        await postgres.Server.DropDatabaseAsync(Database);
    }

    protected static RunRecord NewRun(DateTimeOffset createdAt) => new()
    {
        Id = Guid.NewGuid(),
        DefinitionId = "deploy-stack",
        DefinitionVersion = 1,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    /// <summary>The first wait of a store returns once its LISTEN is in place; later notifications reach later waits.</summary>
    protected static Task ListenAsync(PostgresWorkflowStore store) => store.WaitAsync(TimeSpan.FromMinutes(5), Ct).WaitAsync(Deadline);

    protected PostgresWorkflowStore Open(string schema = "cw")
    {
        var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = ConnectionString, Schema = schema });
        stores.Add(store);
        return store;
    }

    protected async Task<PostgresWorkflowStore> OpenAsync(string schema = "cw")
    {
        var store = Open(schema);
        await store.MigrateAsync(Ct);
        return store;
    }

    protected async Task<NpgsqlConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    protected async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenRawAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    protected async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> map)
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

    protected static Task WaitUntilAsync(Func<Task<bool>> condition, string because) =>
        ClusterWorkflows.Testing.Eventually.AssertAsync(condition, Deadline, because);

    protected Task<int> ListenerPidAsync() => ScalarAsync<int>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN cw_work' AND pid <> pg_backend_pid()");

    protected Task<long> BlockedBackendsAsync() => ScalarAsync<long>(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
}
