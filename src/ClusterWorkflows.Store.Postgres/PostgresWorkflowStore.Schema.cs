using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

public sealed partial class PostgresWorkflowStore
{
    private const string SelectVersion = "SELECT coalesce(max(version), 0) FROM schema_migrations";

    private const string MigrationLock = "SELECT pg_advisory_xact_lock(hashtextextended('cw.migrate:' || @schema, 0))";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Two nodes starting at once: the second waits here, then finds the schema current. The lock is
        // per schema, so stores in other schemas of the same database do not wait for each other.
        await using (var lockCommand = new NpgsqlCommand(MigrationLock, connection, transaction))
        {
            lockCommand.Parameters.Text("schema", options.Schema);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await CreateMissingAsync(connection, transaction, cancellationToken);

        int current;
        await using (var select = new NpgsqlCommand(SelectVersion, connection, transaction))
        {
            current = (int)(await select.ExecuteScalarAsync(cancellationToken))!;
        }

        if (current > Migrations.Latest)
        {
            throw new InvalidOperationException(
                $"The database schema '{options.Schema}' has version {current}, newer than this build knows ({Migrations.Latest}); upgrade ClusterWorkflows.");
        }

        foreach (var migration in Migrations.All.Where(m => m.Version > current))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, now())", connection, transaction);
            record.Parameters.Int("version", migration.Version);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass(quote_ident(@schema) || '.schema_migrations') IS NOT NULL", connection);
        exists.Parameters.Text("schema", options.Schema);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            return 0;
        }

        await using var select = new NpgsqlCommand(SelectVersion, connection);
        return (int)(await select.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Creates the schema and the migrations table when missing. Creating a schema needs CREATE on the database;
    /// an existing one (made by an administrator for a least-privileged role) is used as it is.
    /// </summary>
    private async Task CreateMissingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        bool schemaExists, tableExists;
        await using (var exists = new NpgsqlCommand(
            "SELECT to_regnamespace(quote_ident(@schema)) IS NOT NULL, to_regclass(quote_ident(@schema) || '.schema_migrations') IS NOT NULL",
            connection,
            transaction))
        {
            exists.Parameters.Text("schema", options.Schema);
            await using var reader = await exists.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            schemaExists = reader.GetBoolean(0);
            tableExists = reader.GetBoolean(1);
        }

        if (!schemaExists)
        {
            await ExecuteAsync(connection, transaction, $"CREATE SCHEMA \"{options.Schema}\"", cancellationToken);
        }

        if (!tableExists)
        {
            await ExecuteAsync(
                connection,
                transaction,
                "CREATE TABLE schema_migrations (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL)",
                cancellationToken);
        }
    }
}
