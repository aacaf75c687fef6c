using System.CommandLine;
using ClusterWorkflows.Hosting;
using ClusterWorkflows.Runtime;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Runtime.Hosting;

namespace ClusterWorkflows.Cli;

public static class GlobalOptions
{
    public static readonly Option<string?> Database = new("--db")
    {
        Description = "Database: a SQLite file path or a PostgreSQL connection string (Host=...;Database=...; or postgresql://...) (default $CW_DB, else $CW_HOME/cw.db).",
        Recursive = true,
    };

    public static readonly Option<string?> Home = new("--home")
    {
        Description = "State directory holding the database and the secret key (default $CW_HOME, else ~/.clusterworkflows).",
        Recursive = true,
    };

    public static EngineSettings Settings(ParseResult parse) =>
        EngineSettings.FromEnvironment(parse.GetValue(Database), parse.GetValue(Home));

    public static Task<EngineServices> EngineAsync(ParseResult parse, IRunObserver? observer, CancellationToken cancellationToken) =>
        EngineFactory.CreateAsync(Settings(parse), observer, EngineOptionsFromEnvironment(), cancellationToken);

    /// <summary>Lease settings may be tuned per process (tests shorten them).</summary>
    private static EngineOptions EngineOptionsFromEnvironment()
    {
        var options = new EngineOptions();
        if (int.TryParse(Environment.GetEnvironmentVariable("CW_LEASE_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var lease) && lease > 0)
        {
            options = options with { LeaseDuration = TimeSpan.FromSeconds(lease), HeartbeatInterval = TimeSpan.FromSeconds(Math.Max(1, lease / 3.0)) };
        }

        return options;
    }

    /// <summary>The database for messages: a SQLite path, or a PostgreSQL connection string without its password.</summary>
    public static string DescribeDatabase(ParseResult parse)
    {
        var setting = Settings(parse).Database;
        if (!StoreFactory.IsPostgres(setting))
        {
            return setting;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(StoreFactory.ToKeywordForm(setting)) { Password = null };
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }

    public static string Actor(string? explicitName) =>
        explicitName ?? Environment.GetEnvironmentVariable("CW_USER") ?? Environment.UserName;
}
