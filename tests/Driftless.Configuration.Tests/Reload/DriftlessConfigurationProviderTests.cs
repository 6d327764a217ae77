using System.Collections.Concurrent;
using Driftless.Configuration.Reload;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Driftless.Configuration.Tests.Reload;

public sealed class DriftlessConfigurationProviderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new();
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        foreach (var d in _disposables)
        {
            d.Dispose();
        }

        _dir.Dispose();
    }

    private string AppConf => _dir.File("app.conf");

    private (IConfigurationRoot Config, ConfigReloader Reloader) Build(string content, bool forcePolling = true)
    {
        File.WriteAllText(AppConf, content);
        var config = new ConfigurationBuilder()
            .AddDriftless(new KeyValueFileSource(AppConf), o =>
            {
                o.TimeProvider = _time;
                o.ForcePolling = forcePolling;
            })
            .Build();
        _disposables.Add((IDisposable)config);
        var reloader = config.Providers.OfType<DriftlessConfigurationProvider>().Single().Reloader;
        return (config, reloader);
    }

    private ServiceProvider Services(IConfigurationRoot config, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddOptions();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        _disposables.Add(provider);
        return provider;
    }

    [Fact]
    public void Build_Throws_WhenTheFirstLoadFails()
    {
        File.WriteAllText(AppConf, "INVALID");
        var builder = new ConfigurationBuilder().AddDriftless(new KeyValueFileSource(AppConf), o => o.TimeProvider = _time);

        Assert.Throws<Driftless.Configuration.Sources.ConfigLoadException>(() => builder.Build());
    }

    [Fact]
    public async Task Configuration_ServesTheLastGoodSnapshot()
    {
        var (config, reloader) = Build("App:Port=80\nApp:Name=web");
        Assert.Equal("80", config["App:Port"]);
        Assert.Equal(["Name", "Port"], config.GetSection("App").GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal));

        File.WriteAllText(AppConf, "INVALID");
        await reloader.ForceReloadAsync(CancellationToken.None);
        Assert.Equal("80", config["App:Port"]);

        File.WriteAllText(AppConf, "App:Port=81");
        await reloader.ForceReloadAsync(CancellationToken.None);
        Assert.Equal("81", config["App:Port"]);
        Assert.Null(config["App:Name"]);
    }

    [Fact]
    public async Task OptionsMonitor_OnChange_FiresOncePerPublishedChange()
    {
        var (config, reloader) = Build("App:Port=80");
        var sp = Services(config, s => s.Configure<AppOptions>(config.GetSection("App")));
        var monitor = sp.GetRequiredService<IOptionsMonitor<AppOptions>>();
        var seen = new ConcurrentQueue<int>();
        using var _ = monitor.OnChange(o => seen.Enqueue(o.Port));

        File.WriteAllText(AppConf, "App:Port=81");
        Assert.True(await reloader.ForceReloadAsync(CancellationToken.None));
        Assert.False(await reloader.ForceReloadAsync(CancellationToken.None));
        File.WriteAllText(AppConf, "INVALID");
        Assert.False(await reloader.ForceReloadAsync(CancellationToken.None));
        File.WriteAllText(AppConf, "App:Port=82");
        Assert.True(await reloader.ForceReloadAsync(CancellationToken.None));

        Assert.Equal([81, 82], seen);
        Assert.Equal(82, monitor.CurrentValue.Port);
    }

    [Fact]
    public async Task OptionsMonitor_OnChange_FiresOnce_ForAnAtomicSaveSeenByTheWatcher()
    {
        var (config, reloader) = Build("App:Port=80", forcePolling: false);
        var sp = Services(config, s => s.Configure<AppOptions>(config.GetSection("App")));
        var monitor = sp.GetRequiredService<IOptionsMonitor<AppOptions>>();
        var changes = 0;
        using var _ = monitor.OnChange(_ => Interlocked.Increment(ref changes));

        var events = reloader.Watcher!.RawEventCount;
        _dir.WriteAtomically("app.conf", "App:Port=81");
        await Eventually.AssertAsync(() => reloader.Watcher.RawEventCount > events, "the watcher sees the save");
        _time.Advance(TimeSpan.FromMilliseconds(251));
        await Eventually.AssertAsync(() => Volatile.Read(ref changes) > 0, "OnChange fires");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.AssertAsync(() => !reloader.IsSignalLoopRunning, "any late reload finishes");

        Assert.Equal(1, changes);
        Assert.Equal(81, monitor.CurrentValue.Port);
    }

    [Fact]
    public async Task AddDriftlessReload_RejectsAReloadThatFailsDataAnnotations_WithoutLeakingTheCandidate()
    {
        var (config, _) = Build("App:Port=80");
        var sp = Services(config, s =>
        {
            s.AddOptions<AppOptions>().Bind(config.GetSection("App")).ValidateDataAnnotations();
            s.AddDriftlessReload();
        });
        var reloader = Assert.Single(sp.GetServices<ConfigReloader>());
        var monitor = sp.GetRequiredService<IOptionsMonitor<AppOptions>>();

        File.WriteAllText(AppConf, "App:Port=0");
        Assert.False(await reloader.ForceReloadAsync(CancellationToken.None));

        var error = Assert.IsType<ConfigValidationException>(reloader.LastError);
        Assert.Contains(error.Failures, f => f.Contains("Port", StringComparison.Ordinal));
        Assert.Equal("80", config["App:Port"]);
        Assert.Equal(80, monitor.CurrentValue.Port);

        File.WriteAllText(AppConf, "App:Port=8080");
        Assert.True(await reloader.ForceReloadAsync(CancellationToken.None));
        Assert.Null(reloader.LastError);
        Assert.Equal(8080, monitor.CurrentValue.Port);
    }

    [Fact]
    public async Task AddDriftlessReload_RunsTheAppsIValidateOptions_AndIsWiredByTheHostedService()
    {
        var (config, reloader) = Build("App:Port=80\nApp:Name=web");
        var sp = Services(config, s =>
        {
            s.AddDriftlessReload();
            s.AddOptions<AppOptions>().Bind(config.GetSection("App"));
            s.AddSingleton<IValidateOptions<AppOptions>, NameRequired>();
        });
        foreach (var hosted in sp.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        File.WriteAllText(AppConf, "App:Port=80");
        Assert.False(await reloader.ForceReloadAsync(CancellationToken.None));

        var error = Assert.IsType<ConfigValidationException>(reloader.LastError);
        Assert.Equal(["Name is required"], error.Failures);
    }

    [Fact]
    public async Task HealthCheck_IsDegradedWhileTheLastReloadFailed_AndHealthyAfterAFix()
    {
        var (config, reloader) = Build("App:Port=80");
        var sp = Services(config, s =>
        {
            s.AddDriftlessReload();
            s.AddHealthChecks().AddDriftless();
        });
        var health = sp.GetRequiredService<HealthCheckService>();

        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(CancellationToken.None)).Status);

        File.WriteAllText(AppConf, "App:Port=81\nINVALID");
        await reloader.ForceReloadAsync(CancellationToken.None);
        var degraded = (await health.CheckHealthAsync(CancellationToken.None)).Entries["driftless-configuration"];
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(reloader.LastError!.Message, degraded.Description);
        Assert.Contains(":2:", degraded.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("81", degraded.Description, StringComparison.Ordinal);

        File.WriteAllText(AppConf, "App:Port=82");
        await reloader.ForceReloadAsync(CancellationToken.None);
        var healthy = (await health.CheckHealthAsync(CancellationToken.None)).Entries["driftless-configuration"];
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal($"revision 2 {reloader.Current.Hash}", healthy.Data[AppConf]);
    }

    private sealed class NameRequired : IValidateOptions<AppOptions>
    {
        public ValidateOptionsResult Validate(string? name, AppOptions options) =>
            string.IsNullOrEmpty(options.Name) ? ValidateOptionsResult.Fail("Name is required") : ValidateOptionsResult.Success;
    }
}
