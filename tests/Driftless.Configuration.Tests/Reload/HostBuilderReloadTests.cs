using Driftless.Configuration.Reload;
using Driftless.Configuration.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Driftless.Configuration.Tests.Reload;

/// <summary>
/// <c>builder.Services.AddDriftlessReload()</c> exactly as the README shows it, with the two application builders a
/// .NET service starts from: build, start, change the file, see the reload (and its validation) arrive.
/// </summary>
public sealed class HostBuilderReloadTests : IDisposable
{
    private const string FileName = "driftless.json";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Builders => ["WebApplication.CreateBuilder", "Host.CreateApplicationBuilder"];

    [Theory]
    [MemberData(nameof(Builders))]
    public async Task AddDriftlessReload_AsTheReadmeShowsIt_StartsAndDeliversAFileChange(string kind)
    {
        _dir.Write(FileName, """{ "App": { "Port": 80, "Name": "web" } }""");
        using var host = Build(kind, services =>
        {
            services.AddDriftlessReload();
            services.AddHealthChecks().AddDriftless();
        });
        await host.StartAsync(CancellationToken.None);
        try
        {
            var monitor = host.Services.GetRequiredService<IOptionsMonitor<AppOptions>>();
            var reloader = Assert.Single(host.Services.GetServices<ConfigReloader>());
            Assert.Same(reloader, host.Services.GetRequiredService<ConfigReloader>());
            Assert.Equal(80, monitor.CurrentValue.Port);

            _dir.WriteAtomically(FileName, """{ "App": { "Port": 81, "Name": "web" } }""");
            await Eventually.AssertAsync(() => monitor.CurrentValue.Port == 81, "the edit reaches IOptionsMonitor");
            Assert.Equal("81", host.Services.GetRequiredService<IConfiguration>()["App:Port"]);

            // The app's DataAnnotations run on every reload: an invalid edit is rejected and the last good one kept.
            _dir.WriteAtomically(FileName, """{ "App": { "Port": 0, "Name": "web" } }""");
            await Eventually.AssertAsync(() => reloader.LastError is ConfigValidationException, "the invalid edit is rejected");
            Assert.Equal(81, monitor.CurrentValue.Port);
            var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(CancellationToken.None);
            Assert.Equal(HealthStatus.Degraded, health.Status);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Theory]
    [MemberData(nameof(Builders))]
    public void AddDriftlessReload_CalledBeforeTheSourceIsAdded_StillFindsIt(string kind)
    {
        _dir.Write(FileName, """{ "App": { "Port": 80 } }""");
        using var host = Build(kind, services => services.AddDriftlessReload(), addReloadFirst: true);

        var reloader = Assert.Single(host.Services.GetServices<ConfigReloader>());

        Assert.Equal(_dir.File(FileName), reloader.Source.Name);
    }

    [Fact]
    public void AddDriftlessReload_FindsSourcesInAChainedConfiguration()
    {
        _dir.Write(FileName, """{ "App": { "Port": 80 } }""");
        using var inner = (ConfigurationRoot)new ConfigurationBuilder().AddDriftless(new JsonFileSource(_dir.File(FileName))).Build();
        var outer = new ConfigurationBuilder().AddConfiguration(inner).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(outer).AddDriftlessReload().BuildServiceProvider();

        var reloader = Assert.Single(provider.GetServices<ConfigReloader>());

        Assert.Same(inner.Providers.OfType<DriftlessConfigurationProvider>().Single().Reloader, reloader);
    }

    [Fact]
    public void AddDriftlessReload_WithNoConfigurationInTheContainer_SaysHowToFixIt()
    {
        var services = new ServiceCollection().AddDriftlessReload();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetServices<ConfigReloader>());

        Assert.Contains("AddDriftlessReload(configuration)", ex.Message, StringComparison.Ordinal);
    }

    private IHost Build(string kind, Action<IServiceCollection> addDriftless, bool addReloadFirst = false)
    {
        var (configuration, services, logging, build) = kind switch
        {
            "WebApplication.CreateBuilder" => Web(),
            "Host.CreateApplicationBuilder" => Generic(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        logging.ClearProviders();
        if (addReloadFirst)
        {
            addDriftless(services);
        }

        configuration.AddDriftless(new JsonFileSource(_dir.File(FileName)), o => o.Debounce = TimeSpan.FromMilliseconds(20));
        services.AddOptions<AppOptions>().Bind(configuration.GetSection("App")).ValidateDataAnnotations();
        if (!addReloadFirst)
        {
            addDriftless(services);
        }

        return build();
    }

    // Development: both builders then validate the container on build, which a bad registration would fail.
    private (IConfigurationManager, IServiceCollection, ILoggingBuilder, Func<IHost>) Web()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = _dir.Path });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        return (builder.Configuration, builder.Services, builder.Logging, builder.Build);
    }

    private (IConfigurationManager, IServiceCollection, ILoggingBuilder, Func<IHost>) Generic()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", ContentRootPath = _dir.Path });
        return (builder.Configuration, builder.Services, builder.Logging, builder.Build);
    }
}
