using ClusterWorkflows.Testing.Postgres;

namespace ClusterWorkflows.Cli.Tests.MultiNode;

/// <summary>One private PostgreSQL cluster for the multi-node tests; each test gets its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync(new PostgresServerOptions { FsyncOff = true });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
