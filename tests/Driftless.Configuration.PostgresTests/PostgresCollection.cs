namespace Driftless.Configuration.PostgresTests;

/// <summary>All PostgreSQL tests share one private server; each test uses its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "Postgres";
}
