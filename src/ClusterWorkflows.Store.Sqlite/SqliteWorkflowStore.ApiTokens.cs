using Microsoft.Data.Sqlite;

namespace ClusterWorkflows.Store.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string ApiTokenColumns = "id, name, role, secret_hash, created_at, created_by, last_used_at, revoked_at";

    // No conflict target: a taken id and a taken name are both a conflict, and neither is an exception here.
    private const string InsertApiToken =
        "INSERT INTO api_tokens (" + ApiTokenColumns + ") VALUES ($id, $name, $role, $secret_hash, $created_at, $created_by, " +
        "$last_used_at, $revoked_at) ON CONFLICT DO NOTHING;";

    private const string RevokeApiToken = "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $revoked_at) WHERE id = $id;";

    private const string TouchApiToken =
        "UPDATE api_tokens SET last_used_at = $used_at WHERE id = $id AND (last_used_at IS NULL OR last_used_at < $used_at);";

    public Task CreateApiTokenAsync(ApiTokenRecord token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return writer.TransactAsync(
            w =>
            {
                var insert = w.Command(InsertApiToken);
                insert.Set("$id", token.Id);
                insert.Set("$name", token.Name);
                insert.Set("$role", token.Role);
                insert.Set("$secret_hash", token.SecretHash);
                insert.Set("$created_at", SqliteValues.ToMicros(token.CreatedAt));
                insert.Set("$created_by", token.CreatedBy);
                insert.Set("$last_used_at", SqliteValues.Db(token.LastUsedAt));
                insert.Set("$revoked_at", SqliteValues.Db(token.RevokedAt));
                if (insert.ExecuteNonQuery() == 0)
                {
                    throw new ApiTokenConflictException($"An API token with the id '{token.Id}' or the name '{token.Name}' exists.");
                }
            },
            cancellationToken);
    }

    public Task<ApiTokenRecord?> GetApiTokenAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return QuerySingleAsync(
            "SELECT " + ApiTokenColumns + " FROM api_tokens WHERE id = $id;",
            c => c.Set("$id", id),
            ReadApiToken,
            cancellationToken);
    }

    public async Task<IReadOnlyList<ApiTokenRecord>> ListApiTokensAsync(CancellationToken cancellationToken) =>
        await QueryAsync("SELECT " + ApiTokenColumns + " FROM api_tokens ORDER BY created_at, id;", _ => { }, ReadApiToken, cancellationToken);

    public Task<bool> RevokeApiTokenAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return writer.TransactAsync(
            w =>
            {
                var revoke = w.Command(RevokeApiToken);
                revoke.Set("$id", id);
                revoke.Set("$revoked_at", SqliteValues.ToMicros(revokedAt));
                return revoke.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    public Task TouchApiTokenAsync(string id, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return writer.TransactAsync(
            w =>
            {
                var touch = w.Command(TouchApiToken);
                touch.Set("$id", id);
                touch.Set("$used_at", SqliteValues.ToMicros(usedAt));
                touch.ExecuteNonQuery();
            },
            cancellationToken);
    }

    private static ApiTokenRecord ReadApiToken(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.Time(4), r.GetString(5), r.TimeOrNull(6), r.TimeOrNull(7));
}
