using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Driftless.Configuration.AspNetCore.PostgresTests;
using Driftless.Configuration.Postgres;
using Driftless.Configuration.PostgresTests;

namespace Driftless.Configuration.PackageTests;

/// <summary>The AspNetCore package's module endpoint end to end: a real app on Kestrel over a private PostgreSQL server.</summary>
public sealed class PackagedModuleEndpointTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_PUT_reconfigures_the_module_in_place_and_a_GET_redacts_its_secrets()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using (var store = new PostgresDocumentStore(connectionString))
        {
            await store.PutAsync(
                ConfigServiceApp.DocumentKey, """{"Cache":{"Size":"10","Redis":{"Host":"redis","Auth":"s3cr3t"}}}""", 0, CancellationToken.None);
        }

        await using var app = await ConfigServiceApp.StartAsync(connectionString);
        using (var put = new HttpRequestMessage(HttpMethod.Put, "api/v1/modules/cache/config"))
        {
            put.Headers.Authorization = new AuthenticationHeaderValue(TestAuthHandler.SchemeName, "admin");
            put.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
            put.Content = new StringContent("""{"Size":"42","Redis":{"Host":"redis2","Auth":"n3w"}}""", Encoding.UTF8, "application/json");
            using var response = await app.Client.SendAsync(put);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        }

        var seen = await app.Cache.WaitForAsync(v => v.TryGetValue("Size", out var size) && size == "42", Bound);
        Assert.Equal("redis2", seen["Redis:Host"]);

        using var get = new HttpRequestMessage(HttpMethod.Get, "api/v1/modules/cache/config");
        get.Headers.Authorization = new AuthenticationHeaderValue(TestAuthHandler.SchemeName, "reader");
        using var read = await app.Client.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var text = await read.Content.ReadAsStringAsync();
        Assert.DoesNotContain("n3w", text, StringComparison.Ordinal);
        var json = JsonNode.Parse(text)!;
        Assert.Equal("42", (string?)json["Size"]);
        Assert.Equal("***", (string?)json["Redis"]?["Auth"]);
    }
}
