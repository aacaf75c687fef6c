using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

public sealed partial class PostgresWorkflowStore
{
    private const string DefinitionColumns = "id, version, content, hash, source_path, created_at";

    // Saved versions are immutable: insert, or find out what is already there. Under READ COMMITTED the SELECT
    // after a conflicting insert sees the row a concurrent saver just committed.
    private const string InsertDefinition =
        "INSERT INTO definitions (" + DefinitionColumns + ") VALUES (@id, @version, @content, @hash, @source_path, @created_at) " +
        "ON CONFLICT (id, version) DO NOTHING";

    private const string SelectDefinitionHash = "SELECT hash FROM definitions WHERE id = @id AND version = @version";

    // A deleted definition has no newest version until a newer one is saved (which is not marked deleted).
    private const string SelectNewestDefinition =
        "SELECT " + DefinitionColumns + " FROM (SELECT " + DefinitionColumns + ", deleted_at FROM definitions " +
        "WHERE id = @id ORDER BY version DESC LIMIT 1) newest WHERE deleted_at IS NULL";

    private const string SelectDefinitionVersion =
        "SELECT " + DefinitionColumns + " FROM definitions WHERE id = @id AND version = @version";

    private const string ListNewestDefinitions =
        "SELECT " + DefinitionColumns + " FROM (SELECT DISTINCT ON (id) " + DefinitionColumns + ", deleted_at FROM definitions " +
        "ORDER BY id, version DESC) newest WHERE deleted_at IS NULL ORDER BY id";

    // A second delete keeps the first time.
    private const string DeleteDefinition =
        "UPDATE definitions SET deleted_at = coalesce(deleted_at, @deleted_at) WHERE id = @id";

    public async Task<bool> SaveDefinitionAsync(DefinitionRecord definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await using var connection = await OpenAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(InsertDefinition, connection))
        {
            insert.Parameters.Text("id", definition.Id);
            insert.Parameters.Int("version", definition.Version);
            insert.Parameters.Text("content", definition.Content);
            insert.Parameters.Text("hash", definition.ContentHash);
            insert.Parameters.Text("source_path", definition.SourcePath);
            insert.Parameters.Time("created_at", definition.CreatedAt);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return true;
            }
        }

        await using var lookup = new NpgsqlCommand(SelectDefinitionHash, connection);
        lookup.Parameters.Text("id", definition.Id);
        lookup.Parameters.Int("version", definition.Version);
        return await lookup.ExecuteScalarAsync(cancellationToken) is string existingHash && existingHash == definition.ContentHash
            ? false
            : throw new DefinitionConflictException(definition.Id, definition.Version);
    }

    public Task<DefinitionRecord?> GetDefinitionAsync(string id, int? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return QuerySingleAsync(
            version is null ? SelectNewestDefinition : SelectDefinitionVersion,
            p =>
            {
                p.Text("id", id);
                if (version is { } v)
                {
                    p.Int("version", v);
                }
            },
            ReadDefinition,
            cancellationToken);
    }

    public async Task<IReadOnlyList<DefinitionRecord>> ListDefinitionsAsync(CancellationToken cancellationToken) =>
        await QueryAsync(
            ListNewestDefinitions,
            _ => { },
            ReadDefinition,
            cancellationToken);

    public async Task<IReadOnlyList<DefinitionRecord>> ListDefinitionVersionsAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await QueryAsync(
            "SELECT " + DefinitionColumns + " FROM definitions WHERE id = @id ORDER BY version",
            p => p.Text("id", id),
            ReadDefinition,
            cancellationToken);
    }

    public async Task<bool> DeleteDefinitionAsync(string id, DateTimeOffset deletedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await ExecuteAsync(
            DeleteDefinition,
            p =>
            {
                p.Text("id", id);
                p.Time("deleted_at", deletedAt);
            },
            cancellationToken) > 0;
    }

    private static DefinitionRecord ReadDefinition(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.String(4), r.Time(5));
}
