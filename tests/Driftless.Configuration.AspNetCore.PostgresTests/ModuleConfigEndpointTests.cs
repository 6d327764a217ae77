using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Driftless.Configuration.Postgres;
using Driftless.Configuration.PostgresTests;
using Npgsql;

namespace Driftless.Configuration.AspNetCore.PostgresTests;

[Collection(PostgresCollection.Name)]
public sealed class ModuleConfigEndpointTests(PostgresServer server)
{
    private const string Seed = """
        {"Cache":{"Size":"10","Password":"hunter2","Redis":{"Host":"redis","Auth":"s3cr3t"}},"Audit":{"Level":"info","ApiKey":"k-123"}}
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Put_WithoutAuthentication_Is401()
    {
        await using var app = await StartAsync();
        using var response = await PutAsync(app, "cache", """{"Size":"20"}""", role: null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_WithoutAuthentication_Is401()
    {
        await using var app = await StartAsync();
        using var response = await app.Client.GetAsync(new Uri("/api/v1/modules/cache/config", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Put_AuthenticatedButFailingThePolicy_Is403()
    {
        var (app, connectionString) = await StartWithDatabaseAsync();
        await using (app)
        {
            using var response = await PutAsync(app, "cache", """{"Size":"20"}""", role: "reader");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(1, await HistoryCountAsync(connectionString));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Put_BodyOverOneMiB_Is413_WithOrWithoutContentLength(bool declareLength)
    {
        var (app, connectionString) = await StartWithDatabaseAsync();
        await using (app)
        {
            var body = "{\"Size\":\"" + new string('x', 1024 * 1024) + "\"}";
            using var content = declareLength
                ? (HttpContent)new StringContent(body, Encoding.UTF8, "application/json")
                : new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(body)));
            using var response = await SendPutAsync(app, "cache", content, "admin", ifMatch: null);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            await AssertProblemAsync(response, 413);
            Assert.Equal(1, await HistoryCountAsync(connectionString));
        }
    }

    [Theory]
    [InlineData("{\"Size\":")]
    [InlineData("[1,2]")]
    [InlineData("not json")]
    public async Task Put_InvalidJson_Is400ProblemDetails(string body)
    {
        var (app, connectionString) = await StartWithDatabaseAsync();
        await using (app)
        {
            using var response = await PutAsync(app, "cache", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            await AssertProblemAsync(response, 400);
            Assert.Equal(1, await HistoryCountAsync(connectionString));
        }
    }

    [Fact]
    public async Task Put_FailingModuleValidation_Is400ValidationProblem_AndWritesNothing()
    {
        var (app, connectionString) = await StartWithDatabaseAsync();
        await using (app)
        {
            using var response = await PutAsync(app, "cache", """{"Size":"-1"}""");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await AssertProblemAsync(response, 400);
            Assert.NotNull(problem["errors"]?["Size"]);
            Assert.Equal(1, await HistoryCountAsync(connectionString));
        }
    }

    [Fact]
    public async Task Put_UnknownModule_Is404()
    {
        await using var app = await StartAsync();
        using var response = await PutAsync(app, "nope", """{"Size":"20"}""");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertProblemAsync(response, 404);
    }

    [Fact]
    public async Task Put_KnownModuleThatIsNotReconfigurable_Is501()
    {
        await using var app = await StartAsync();
        using var response = await PutAsync(app, "audit", """{"Level":"debug"}""");
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        await AssertProblemAsync(response, 501);
    }

    [Fact]
    public async Task Put_WithStaleIfMatch_Is409_AndWritesNothing()
    {
        var (app, connectionString) = await StartWithDatabaseAsync();
        await using (app)
        {
            using var response = await PutAsync(app, "cache", """{"Size":"20"}""", ifMatch: "\"7\"");
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            await AssertProblemAsync(response, 409);
            Assert.Equal(1, await HistoryCountAsync(connectionString));
        }
    }

    [Fact]
    public async Task Get_ReturnsNestedSection_WithSecretsRedacted_AndVersionETag()
    {
        await using var app = await StartAsync();
        using var response = await GetAsync(app, "cache");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        var json = JsonNode.Parse(text)!;
        Assert.Equal("10", (string?)json["Size"]);
        Assert.Equal("***", (string?)json["Password"]); // built-in name
        Assert.Equal("***", (string?)json["Redis"]?["Auth"]); // ISecretKeys
        Assert.Equal("redis", (string?)json["Redis"]?["Host"]);

        using var audit = await GetAsync(app, "audit"); // known, not reconfigurable: readable
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        var auditJson = JsonNode.Parse(await audit.Content.ReadAsStringAsync())!;
        Assert.Equal("info", (string?)auditJson["Level"]);
        Assert.Equal("***", (string?)auditJson["ApiKey"]);
    }

    [Fact]
    public async Task Put_ReconfiguresTheModule_WritesHistory_AndSurvivesARestart()
    {
        var connectionString = await SeedAsync();
        await using (var app = await ConfigServiceApp.StartAsync(connectionString))
        {
            using var response = await PutAsync(app, "cache", """{"Size":"42","Redis":{"Host":"redis2"}}""", ifMatch: "\"1\"");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
            Assert.Equal(2, (long?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["version"]);

            var seen = await app.Cache.WaitForAsync(v => v.TryGetValue("Size", out var s) && s == "42", Timeout);
            Assert.Equal("redis2", seen["Redis:Host"]);
            Assert.False(seen.ContainsKey("Password")); // the section was replaced, not merged

            Assert.Equal(2, await HistoryCountAsync(connectionString));
            var stored = JsonNode.Parse(await LatestHistoryContentAsync(connectionString))!;
            Assert.Equal("42", (string?)stored["Cache"]?["Size"]);
            Assert.Equal("info", (string?)stored["Audit"]?["Level"]); // other sections untouched
        }

        await using (var restarted = await ConfigServiceApp.StartAsync(connectionString))
        {
            using var response = await GetAsync(restarted, "cache");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("42", (string?)json["Size"]);
            Assert.Equal("redis2", (string?)json["Redis"]?["Host"]);
        }
    }

    private async Task<ConfigServiceApp> StartAsync() => (await StartWithDatabaseAsync()).App;

    private async Task<(ConfigServiceApp App, string ConnectionString)> StartWithDatabaseAsync()
    {
        var connectionString = await SeedAsync();
        return (await ConfigServiceApp.StartAsync(connectionString), connectionString);
    }

    private async Task<string> SeedAsync()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var store = new PostgresDocumentStore(connectionString);
        await store.PutAsync(ConfigServiceApp.DocumentKey, Seed, expectedVersion: 0, CancellationToken.None);
        return connectionString;
    }

    private static Task<HttpResponseMessage> GetAsync(ConfigServiceApp app, string module)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/modules/{module}/config", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue(TestAuthHandler.SchemeName, "reader");
        return app.Client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PutAsync(
        ConfigServiceApp app, string module, string body, string? role = "admin", string? ifMatch = null)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await SendPutAsync(app, module, content, role, ifMatch);
    }

    private static async Task<HttpResponseMessage> SendPutAsync(
        ConfigServiceApp app, string module, HttpContent content, string? role, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/modules/{module}/config", UriKind.Relative)) { Content = content };
        if (role is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(TestAuthHandler.SchemeName, role);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await app.Client.SendAsync(request);
    }

    private static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(status, (int?)problem["status"]);
        return problem;
    }

    private static async Task<long> HistoryCountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM driftless_config_history WHERE key = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ConfigServiceApp.DocumentKey });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> LatestHistoryContentAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT content FROM driftless_config_history WHERE key = $1 ORDER BY version DESC LIMIT 1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ConfigServiceApp.DocumentKey });
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
