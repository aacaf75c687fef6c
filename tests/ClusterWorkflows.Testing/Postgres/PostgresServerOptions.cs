namespace ClusterWorkflows.Testing.Postgres;

/// <summary>How <see cref="PostgresServer.StartAsync"/> sets up its private cluster.</summary>
public sealed record PostgresServerOptions
{
    /// <summary>
    /// Turns off fsync, synchronous_commit and full_page_writes: several times faster and fine for tests,
    /// whose data dies with the server. Benchmarks set it to false to measure durable commits.
    /// </summary>
    public bool FsyncOff { get; init; } = true;

    /// <summary>Extra server settings passed as <c>-c name=value</c>; they override the launcher's defaults.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The database <see cref="PostgresServer.ConnectionString"/> points at, created at start-up.</summary>
    public string DatabaseName { get; init; } = "cw";

    /// <summary>Where initdb, postgres and psql live; null picks Debian's newest /usr/lib/postgresql/&lt;version&gt;/bin.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>How long initdb plus start-up may take before the start counts as failed.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
