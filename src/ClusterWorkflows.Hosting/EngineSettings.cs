namespace ClusterWorkflows.Hosting;

/// <summary>
/// Where an engine keeps its state. <c>CW_HOME</c> (default <c>~/.clusterworkflows</c>) holds the
/// SQLite database and the secret key; <c>CW_DB</c> overrides the database (a file path for
/// SQLite; a PostgreSQL connection string once that store exists).
/// </summary>
public sealed record EngineSettings
{
    public required string Home { get; init; }
    public required string Database { get; init; }

    public string KeyFile => Path.Combine(Home, "secret.key");

    /// <summary>The secret key (base64) when given directly (read from a file such as a swarm secret); else CW_SECRET_KEY or <see cref="KeyFile"/>.</summary>
    public string? SecretKey { get; init; }

    public static EngineSettings FromEnvironment(string? databaseOverride = null, string? homeOverride = null)
    {
        var home = homeOverride
            ?? Environment.GetEnvironmentVariable("CW_HOME")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".clusterworkflows");
        var database = databaseOverride
            ?? Environment.GetEnvironmentVariable("CW_DB")
            ?? Path.Combine(home, "cw.db");
        return new EngineSettings { Home = Path.GetFullPath(home), Database = database };
    }
}
