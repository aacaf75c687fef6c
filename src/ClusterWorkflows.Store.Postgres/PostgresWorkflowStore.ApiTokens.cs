using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

public sealed partial class PostgresWorkflowStore
{
    private const string ApiTokenColumns = "id, name, role, secret_hash, created_at, created_by, last_used_at, revoked_at";

    // No conflict target: a taken id and a taken name are both a conflict, and neither is an error in the server log.
    private const string InsertApiToken =
        "INSERT INTO api_tokens (" + ApiTokenColumns + ") VALUES (@id, @name, @role, @secret_hash, @created_at, @created_by, " +
        "@last_used_at, @revoked_at) ON CONFLICT DO NOTHING";

    private const string RevokeApiToken = "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, @revoked_at) WHERE id = @id";

    private const string TouchApiToken =
        "UPDATE api_tokens SET last_used_at = @used_at WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @used_at)";

    public async Task CreateApiTokenAsync(ApiTokenRecord token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var inserted = await ExecuteAsync(
            InsertApiToken,
            p =>
            {
                p.Text("id", token.Id);
                p.Text("name", token.Name);
                p.Text("role", token.Role);
                p.Text("secret_hash", token.SecretHash);
                p.Time("created_at", token.CreatedAt);
                p.Text("created_by", token.CreatedBy);
                p.Time("last_used_at", token.LastUsedAt);
                p.Time("revoked_at", token.RevokedAt);
            },
            cancellationToken);
        if (inserted == 0)
        {
            throw new ApiTokenConflictException($"An API token with the id '{token.Id}' or the name '{token.Name}' exists.");
        }
    }

    public Task<ApiTokenRecord?> GetApiTokenAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return QuerySingleAsync(
            "SELECT " + ApiTokenColumns + " FROM api_tokens WHERE id = @id",
            p => p.Text("id", id),
            ReadApiToken,
            cancellationToken);
    }

    public async Task<IReadOnlyList<ApiTokenRecord>> ListApiTokensAsync(CancellationToken cancellationToken) =>
        await QueryAsync("SELECT " + ApiTokenColumns + " FROM api_tokens ORDER BY created_at, id", _ => { }, ReadApiToken, cancellationToken);

    public async Task<bool> RevokeApiTokenAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await ExecuteAsync(
            RevokeApiToken,
            p =>
            {
                p.Text("id", id);
                p.Time("revoked_at", revokedAt);
            },
            cancellationToken) == 1;
    }

    public async Task TouchApiTokenAsync(string id, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await ExecuteAsync(
            TouchApiToken,
            p =>
            {
                p.Text("id", id);
                p.Time("used_at", usedAt);
            },
            cancellationToken);
    }

    private static ApiTokenRecord ReadApiToken(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.Time(4), r.GetString(5), r.TimeOrNull(6), r.TimeOrNull(7));
}
