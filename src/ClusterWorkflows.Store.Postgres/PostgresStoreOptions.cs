namespace ClusterWorkflows.Store.Postgres;

/// <summary>How the PostgreSQL store connects. Several engine nodes point at the same database and schema.</summary>
public sealed record PostgresStoreOptions
{
    /// <summary>
    /// An Npgsql connection string (keyword form). The store sets the search path to <see cref="Schema"/>, turns on
    /// auto-prepare and skips connection resets; everything else (host, credentials, TLS, pool size, timeouts) is
    /// the operator's. The role needs CREATE on the database for the first migration, or an existing schema it owns.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>Decides whether a lease is still live when an operator alters a run; injectable for tests.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The schema that holds the store's tables (created by MigrateAsync); a plain identifier.</summary>
    public string Schema { get; init; } = "cw";
}
