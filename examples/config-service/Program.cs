using ConfigService;
using Driftless.Configuration;
using Driftless.Configuration.AspNetCore;
using Driftless.Configuration.Modules;
using Driftless.Configuration.Postgres;
using Driftless.Configuration.Sources;
using Microsoft.AspNetCore.Authentication;

const string DocumentKey = "config-service";
var connectionString = Environment.GetEnvironmentVariable("DRIFTLESS_PG")
    ?? throw new InvalidOperationException("set DRIFTLESS_PG to a PostgreSQL connection string");

// The first load needs the document: create it once (version 1, with a history row) if it does not exist yet.
await using (var store = new PostgresDocumentStore(connectionString))
{
    try
    {
        await store.PutAsync(DocumentKey, """{"RateLimit":{"PermitsPerSecond":"10","Bypass":"let-me-in"}}""", 0, CancellationToken.None);
    }
    catch (VersionConflictException)
    {
        // Already there: keep what operators wrote.
    }
}

var builder = WebApplication.CreateBuilder(args);

// A JSON file (hot-reloaded) and a PostgreSQL document (NOTIFY + polling); the document wins on overlapping keys.
builder.Configuration.AddDriftless(new JsonFileSource(Path.Combine(AppContext.BaseDirectory, "settings.json")));
builder.Configuration.AddDriftlessPostgres(new PostgresSourceOptions
{
    ConnectionString = connectionString,
    Key = DocumentKey,
});
builder.Services.AddDriftlessReload(builder.Configuration);

// "ratelimit" applies changes in place; "greeting" is read at startup only (PUT answers 501).
builder.Services.AddSingleton<RateLimitModule>();
builder.Services.AddSingleton<IReconfigurable>(sp => sp.GetRequiredService<RateLimitModule>());
// The full reload: a real service rebuilds here what its modules could not apply in place.
builder.Services.AddDriftlessModules((_, _) => Task.CompletedTask);
builder.Services.Configure<DriftlessModulesEndpointOptions>(o => o.KnownModules.Add("greeting"));

builder.Services.AddAuthentication(DevAuthHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, DevAuthHandler>(DevAuthHandler.SchemeName, null);
builder.Services.AddAuthorizationBuilder().AddPolicy("config-admin", p => p.RequireRole("admin"));

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapDriftlessModules(authorizationPolicy: "config-admin");
app.MapGet("/", (RateLimitModule rateLimit, IConfiguration configuration) =>
    $"{configuration["Greeting:Text"]}; rate limit {rateLimit.PermitsPerSecond}/s");
app.Run();
