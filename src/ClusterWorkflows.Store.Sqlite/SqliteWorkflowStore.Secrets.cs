namespace ClusterWorkflows.Store.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string UpsertSecret =
        "INSERT INTO secrets (name, ciphertext, updated_at) VALUES ($name, $ciphertext, $updated_at) " +
        "ON CONFLICT (name) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at;";

    private const string DeleteSecret = "DELETE FROM secrets WHERE name = $name;";

    public Task SetSecretAsync(SecretRecord secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return writer.TransactAsync(
            w =>
            {
                var upsert = w.Command(UpsertSecret);
                upsert.Set("$name", secret.Name);
                upsert.Set("$ciphertext", secret.Ciphertext);
                upsert.Set("$updated_at", SqliteValues.ToMicros(secret.UpdatedAt));
                upsert.ExecuteNonQuery();
            },
            cancellationToken);
    }

    public Task<SecretRecord?> GetSecretAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return QuerySingleAsync(
            "SELECT name, ciphertext, updated_at FROM secrets WHERE name = $name;",
            c => c.Set("$name", name),
            r => new SecretRecord(r.GetString(0), r.GetFieldValue<byte[]>(1), r.Time(2)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListSecretNamesAsync(CancellationToken cancellationToken) =>
        await QueryAsync("SELECT name FROM secrets ORDER BY name;", _ => { }, r => r.GetString(0), cancellationToken);

    public Task<bool> DeleteSecretAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return writer.TransactAsync(
            w =>
            {
                var delete = w.Command(DeleteSecret);
                delete.Set("$name", name);
                return delete.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }
}
