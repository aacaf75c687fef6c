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

    // No DefaultValueFactory from the variables: help would print their values, the token's included.
    public static readonly Option<string?> Server = new("--server")
    {
        Description = "A cw-server URL (default $CW_SERVER): commands call its API instead of opening a database.",
        Recursive = true,
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "The server's API token (default $CW_TOKEN, which is safer: arguments are visible to other users in ps).",
        Recursive = true,
    };

    public static EngineSettings Settings(ParseResult parse) =>
        EngineSettings.FromEnvironment(parse.GetValue(Database), parse.GetValue(Home));

    /// <summary>The database's engine. Commands that also work remotely open <see cref="Backends.Backend"/> instead.</summary>
    public static Task<EngineServices> EngineAsync(ParseResult parse, IRunObserver? observer, CancellationToken cancellationToken)
    {
        RequireEmbedded(parse);
        return EngineFactory.CreateAsync(Settings(parse), observer, EngineOptionsFromEnvironment(), cancellationToken);
    }

    /// <summary>Refuses a command that works on the database directly (or on this machine: <paramref name="works"/>) when a server is given.</summary>
    public static void RequireEmbedded(ParseResult parse, string works = "works on the database directly (--db, $CW_DB)")
    {
        if (Remote.ServerSettings.IsGiven(parse))
        {
            throw new UsageException($"'{CommandPath(parse)}' {works} and cannot use a server; drop --server and unset CW_SERVER");
        }
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        names[0] = "cw";
        return string.Join(' ', names);
    }

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
