using Driftless.Configuration.Modules;
using Driftless.Configuration.Postgres;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.AspNetCore.PostgresTests;

/// <summary>A real app on Kestrel (127.0.0.1, a free port) reading a PostgreSQL document, with the module endpoints mapped.</summary>
internal sealed class ConfigServiceApp : IAsyncDisposable
{
    public const string DocumentKey = "app";
    public const string AdminPolicy = "config-admin";

    private readonly WebApplication _app;

    private ConfigServiceApp(WebApplication app, CacheModule cache, HttpClient client)
    {
        _app = app;
        Cache = cache;
        Client = client;
    }

    public CacheModule Cache { get; }

    public HttpClient Client { get; }

    public static async Task<ConfigServiceApp> StartAsync(string connectionString)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddDriftlessPostgres(new PostgresSourceOptions
        {
            ConnectionString = connectionString,
            Key = DocumentKey,
            PollInterval = TimeSpan.FromMinutes(10),
        });
        builder.Services.AddDriftlessReload(builder.Configuration);

        var cache = new CacheModule();
        builder.Services.AddSingleton<IReconfigurable>(cache);
        builder.Services.AddDriftlessModules((_, _) => Task.CompletedTask);
        builder.Services.Configure<DriftlessModulesEndpointOptions>(o => o.KnownModules.Add("audit"));

        builder.Services.AddAuthentication(TestAuthHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, p => p.RequireRole("admin"));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDriftlessModules(authorizationPolicy: AdminPolicy);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = new Uri(app.Urls.Single());
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        return new ConfigServiceApp(app, cache, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
