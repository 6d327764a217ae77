using System.Text;
using Driftless.Configuration.Postgres;
using Driftless.Configuration.Sources;

namespace Driftless.Configuration.PostgresTests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresConfigSourceTests(PostgresServer server)
{
    private const string Json = """
        {
          "Logging": { "LogLevel": { "Default": "Information" } },
          "Servers": [ "a.example", { "Host": "b.example", "Port": 8080 } ],
          "Flags": { "Enabled": true, "Ratio": 0.25 },
          "Nothing": null,
          "EmptyObject": {},
          "EmptyArray": []
        }
        """;

    [Fact]
    public async Task Load_flattens_the_document_like_the_json_file_source()
    {
        await using var store = new PostgresDocumentStore(await server.CreateDatabaseAsync());
        var written = await store.PutAsync("app", Json, null, CancellationToken.None);
        var source = new PostgresConfigSource(store, "app");

        var snapshot = await source.LoadAsync(CancellationToken.None);

        Assert.Equal("app", source.Name);
        Assert.Empty(source.WatchedPaths);
        Assert.Equal(JsonFileSource.Parse("app", Encoding.UTF8.GetBytes(Json)), snapshot.Values);
        Assert.Equal("8080", snapshot.Values["servers:1:port"]);
        Assert.Equal(written.Hash, snapshot.Hash);
        Assert.Equal(await store.GetHashAsync("app", CancellationToken.None), snapshot.Hash);
        Assert.Equal("app", snapshot.Source);
    }

    [Fact]
    public async Task Load_of_a_missing_document_fails()
    {
        await using var store = new PostgresDocumentStore(await server.CreateDatabaseAsync());
        var source = new PostgresConfigSource(store, "absent");

        var ex = await Assert.ThrowsAsync<ConfigLoadException>(() => source.LoadAsync(CancellationToken.None));
        Assert.Equal("absent", ex.SourceName);
    }

    [Fact]
    public async Task Load_of_invalid_json_fails_with_the_line_and_without_the_content()
    {
        await using var store = new PostgresDocumentStore(await server.CreateDatabaseAsync());
        await store.PutAsync("app", "{\n  \"Secret\": \"hunter2\",\n  oops\n}", null, CancellationToken.None);
        var source = new PostgresConfigSource(store, "app");

        var ex = await Assert.ThrowsAsync<ConfigLoadException>(() => source.LoadAsync(CancellationToken.None));
        Assert.Equal(3, ex.Line);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }
}
