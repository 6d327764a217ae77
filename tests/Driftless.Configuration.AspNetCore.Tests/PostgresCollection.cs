using Driftless.Configuration.Tests.Postgres;

namespace Driftless.Configuration.AspNetCore.Tests;

/// <summary>All endpoint tests share one private PostgreSQL server; each test uses its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "Postgres";
}
