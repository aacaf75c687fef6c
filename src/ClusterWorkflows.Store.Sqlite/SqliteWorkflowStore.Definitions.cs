using Microsoft.Data.Sqlite;

namespace ClusterWorkflows.Store.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string DefinitionColumns = "id, version, content, hash, source_path, created_at";

    private const string SelectDefinitionHash = "SELECT hash FROM definitions WHERE id = $id AND version = $version;";

    private const string InsertDefinition =
        "INSERT INTO definitions (" + DefinitionColumns + ") VALUES ($id, $version, $content, $hash, $source_path, $created_at);";

    // A deleted definition has no newest version until a newer one is saved (which is not marked deleted).
    private const string SelectNewestDefinition =
        "SELECT " + DefinitionColumns + " FROM (SELECT " + DefinitionColumns + ", deleted_at FROM definitions " +
        "WHERE id = $id ORDER BY version DESC LIMIT 1) WHERE deleted_at IS NULL;";

    private const string SelectDefinitionVersion =
        "SELECT " + DefinitionColumns + " FROM definitions WHERE id = $id AND version = $version;";

    private const string ListNewestDefinitions =
        "SELECT " + DefinitionColumns + " FROM definitions d WHERE deleted_at IS NULL AND version = " +
        "(SELECT max(version) FROM definitions n WHERE n.id = d.id) ORDER BY id;";

    // A second delete keeps the first time.
    private const string DeleteDefinition =
        "UPDATE definitions SET deleted_at = coalesce(deleted_at, $deleted_at) WHERE id = $id;";

    public Task<bool> SaveDefinitionAsync(DefinitionRecord definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return writer.TransactAsync(
            w =>
            {
                var lookup = w.Command(SelectDefinitionHash);
                lookup.Set("$id", definition.Id);
                lookup.Set("$version", definition.Version);
                if (lookup.ExecuteScalar() is string existingHash)
                {
                    return existingHash == definition.ContentHash
                        ? false
                        : throw new DefinitionConflictException(definition.Id, definition.Version);
                }

                var insert = w.Command(InsertDefinition);
                insert.Set("$id", definition.Id);
                insert.Set("$version", definition.Version);
                insert.Set("$content", definition.Content);
                insert.Set("$hash", definition.ContentHash);
                insert.Set("$source_path", SqliteValues.Db(definition.SourcePath));
                insert.Set("$created_at", SqliteValues.ToMicros(definition.CreatedAt));
                insert.ExecuteNonQuery();
                return true;
            },
            cancellationToken);
    }

    public Task<DefinitionRecord?> GetDefinitionAsync(string id, int? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return QuerySingleAsync(
            version is null ? SelectNewestDefinition : SelectDefinitionVersion,
            c =>
            {
                c.Set("$id", id);
                if (version is { } v)
                {
                    c.Set("$version", v);
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
            "SELECT " + DefinitionColumns + " FROM definitions WHERE id = $id ORDER BY version;",
            c => c.Set("$id", id),
            ReadDefinition,
            cancellationToken);
    }

    public Task<bool> DeleteDefinitionAsync(string id, DateTimeOffset deletedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return writer.TransactAsync(
            w =>
            {
                var delete = w.Command(DeleteDefinition);
                delete.Set("$id", id);
                delete.Set("$deleted_at", SqliteValues.ToMicros(deletedAt));
                return delete.ExecuteNonQuery() > 0;
            },
            cancellationToken);
    }

    private static DefinitionRecord ReadDefinition(SqliteDataReader r) =>
        new(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.String(4), r.Time(5));
}
