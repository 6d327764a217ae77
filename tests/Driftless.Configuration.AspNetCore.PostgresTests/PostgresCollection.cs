using Driftless.Configuration.PostgresTests;

namespace Driftless.Configuration.AspNetCore.PostgresTests;

/// <summary>All endpoint tests share one private PostgreSQL server; each test uses its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "Postgres";
}
