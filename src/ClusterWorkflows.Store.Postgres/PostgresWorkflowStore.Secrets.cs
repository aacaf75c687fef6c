namespace ClusterWorkflows.Store.Postgres;

public sealed partial class PostgresWorkflowStore
{
    private const string UpsertSecret =
        "INSERT INTO secrets (name, ciphertext, updated_at) VALUES (@name, @ciphertext, @updated_at) " +
        "ON CONFLICT (name) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at";

    public async Task SetSecretAsync(SecretRecord secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        await ExecuteAsync(
            UpsertSecret,
            p =>
            {
                p.Text("name", secret.Name);
                p.Bytes("ciphertext", secret.Ciphertext);
                p.Time("updated_at", secret.UpdatedAt);
            },
            cancellationToken);
    }

    public Task<SecretRecord?> GetSecretAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return QuerySingleAsync(
            "SELECT name, ciphertext, updated_at FROM secrets WHERE name = @name",
            p => p.Text("name", name),
            r => new SecretRecord(r.GetString(0), r.GetFieldValue<byte[]>(1), r.Time(2)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListSecretNamesAsync(CancellationToken cancellationToken) =>
        await QueryAsync("SELECT name FROM secrets ORDER BY name", _ => { }, r => r.GetString(0), cancellationToken);

    public async Task<bool> DeleteSecretAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return await ExecuteAsync("DELETE FROM secrets WHERE name = @name", p => p.Text("name", name), cancellationToken) == 1;
    }
}
