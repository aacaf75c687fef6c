using System.Text.RegularExpressions;
using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

/// <summary>
/// The store for production and several engine nodes on one PostgreSQL database. Everything goes through one
/// <see cref="NpgsqlDataSource"/> (a connection pool) whose connections have the store's schema as search path and
/// auto-prepare their statements. Hot paths are single statements — fence, run update and journal upsert in one
/// round trip — so that they run as one implicit transaction without BEGIN/COMMIT round trips.
/// </summary>
public sealed partial class PostgresWorkflowStore : IWorkflowStore, IServerStore, IWorkSignal
{
    /// <summary>The LISTEN/NOTIFY channel that tells idle workers new work may be claimable.</summary>
    public const string WorkChannel = "cw_work";

    private readonly PostgresStoreOptions options;
    private readonly NpgsqlDataSource dataSource;
    private readonly WorkListener listener;
    private readonly CheckpointBatcher checkpoints;
    private int disposed;

    public PostgresWorkflowStore(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("PostgresStoreOptions.ConnectionString must be set.", nameof(options));
        }

        if (!SchemaPattern().IsMatch(options.Schema ?? ""))
        {
            throw new ArgumentException(
                $"PostgresStoreOptions.Schema '{options.Schema}' must be a plain lower-case identifier (a-z, 0-9, _; at most 63).",
                nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        this.options = options;
        dataSource = NpgsqlDataSource.Create(PoolSettings(options));
        listener = new WorkListener(dataSource, WorkChannel, options.TimeProvider);
        checkpoints = new CheckpointBatcher(async ct => await dataSource.OpenConnectionAsync(ct));
    }

    /// <summary>The schema holding the store's tables.</summary>
    public string Schema => options.Schema;

    /// <inheritdoc />
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return listener.WaitAsync(timeout, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            await checkpoints.DisposeAsync();
            await listener.DisposeAsync();
            await dataSource.DisposeAsync();
        }
    }

    /// <summary>The operator's connection string plus what the store relies on.</summary>
    private static NpgsqlConnectionStringBuilder PoolSettings(PostgresStoreOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString) { SearchPath = options.Schema };
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        // The hot statements are few and run thousands of times: prepare them on their second use.
        builder.AutoPrepareMinUsages = Math.Min(builder.AutoPrepareMinUsages, 2);

        // No session state is ever left behind (advisory locks are transaction-scoped, LISTEN has its own
        // connection), so the pool can skip resetting connections.
        builder.NoResetOnClose = true;
        builder.Enlist = false;
        builder.ApplicationName ??= "ClusterWorkflows";
        return builder;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return await dataSource.OpenConnectionAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs one statement on a pooled connection (its own implicit transaction) and maps every row.</summary>
    private async Task<List<T>> QueryAsync<T>(
        string sql,
        Action<NpgsqlParameterCollection> bind,
        Func<NpgsqlDataReader, T> map,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command.Parameters);
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
        Action<NpgsqlParameterCollection> bind,
        Func<NpgsqlDataReader, T> map,
        CancellationToken cancellationToken)
        where T : class
    {
        var rows = await QueryAsync(sql, bind, map, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Runs one statement that returns nothing or a row count.</summary>
    private async Task<int> ExecuteAsync(string sql, Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command.Parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs one statement whose single row is one integer.</summary>
    private async Task<int> QuerySingleValueAsync(string sql, Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command.Parameters);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Runs <paramref name="work"/> in an explicit transaction; any exception rolls back.</summary>
    private async Task<T> TransactAsync<T>(
        Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Reads a run and locks its row for the rest of the caller's transaction.</summary>
    private static async Task<RunRecord?> ReadRunForUpdateAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid runId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(RunRows.SelectByIdForUpdate, connection, transaction);
        command.Parameters.Uuid("id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? RunRows.Read(reader) : null;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaPattern();
}
