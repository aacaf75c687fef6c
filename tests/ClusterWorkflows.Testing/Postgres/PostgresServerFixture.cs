using Xunit;

namespace ClusterWorkflows.Testing.Postgres;

/// <summary>
/// One private server shared by the tests of a class or collection (xunit <c>IClassFixture</c> /
/// <c>ICollectionFixture</c>); tests take a fresh database each with <see cref="PostgresServer.CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private PostgresServer? server;

    public PostgresServer Server => server ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    public async Task InitializeAsync() => server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>A fresh database with a unique name; returns its name and connection string.</summary>
    public async Task<(string Name, string ConnectionString)> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        return (name, await Server.CreateDatabaseAsync(name));
    }
}
