using ClusterWorkflows.Testing.Postgres;

namespace ClusterWorkflows.Store.Tests.Postgres;

/// <summary>One private PostgreSQL server for every PostgreSQL test class of this project; each test takes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}
