namespace ClusterWorkflows.Store.Sqlite;

/// <summary>How the embedded store opens its database file.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>The database file; its parent directory is created when missing.</summary>
    public required string Path { get; init; }

    /// <summary>
    /// <see cref="SqliteSynchronous.Normal"/> (default) survives process crashes, SIGKILL included: in WAL mode a
    /// commit is in the OS page cache once COMMIT returns. <see cref="SqliteSynchronous.Full"/> also survives
    /// power loss and kernel panics, at the price of an fsync per commit.
    /// </summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Normal;

    /// <summary>How long a write waits for another process's write transaction before failing with SQLITE_BUSY.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Decides whether a lease is still live when an operator alters a run; injectable for tests.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>The SQLite <c>synchronous</c> pragma values this store supports.</summary>
public enum SqliteSynchronous
{
    Normal,
    Full,
}
