using Driftless.Configuration.Modules;
using Driftless.Configuration.Reload;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Driftless.Configuration.Tests.Modules;

public sealed class ModuleWiringTests
{
    private static readonly Dictionary<string, string?> Initial = new() { ["Cache:Size"] = "10", ["Http:Timeout"] = "5" };

    /// <summary>What the application's full reload rebuilds: a new generation of the cache module.</summary>
    private sealed class CacheHolder
    {
        private int _generation;

        public CacheHolder() => Current = NewModule();

        public TestModule Current { get; private set; }

        public int Generation => Volatile.Read(ref _generation);

        public void Rebuild() => Current = NewModule();

        private TestModule NewModule() => new("cache", "Cache") { Generation = Interlocked.Increment(ref _generation) };
    }

    private static async Task<(ServiceProvider Services, ConfigReloader Reloader, MemorySource Source, List<ModuleReloadOutcome> Outcomes)> StartAsync(
        Action<IServiceCollection> configure, Func<IServiceProvider, CancellationToken, Task> fullReload)
    {
        var source = new MemorySource(Initial);
        var reloader = new ConfigReloader(source);
        await reloader.StartAsync(CancellationToken.None);

        var services = new ServiceCollection();
        services.AddSingleton(reloader);
        configure(services);
        services.AddDriftlessModules(fullReload);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var outcomes = new List<ModuleReloadOutcome>();
        provider.GetRequiredService<ModuleReloadSubscription>().Handled += o => { lock (outcomes) { outcomes.Add(o); } };
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return (provider, reloader, source, outcomes);
    }

    private static async Task ChangeAsync(ServiceProvider services, ConfigReloader reloader, MemorySource source, Dictionary<string, string?> values)
    {
        source.Set(values);
        Assert.True(await reloader.ForceReloadAsync(CancellationToken.None));
        await services.GetRequiredService<ModuleReloadSubscription>().WhenIdle.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ModulesAreResolvedAtEachReload_SoAFullReloadNeverLeavesADeadInstance()
    {
        var (services, reloader, source, outcomes) = await StartAsync(
            s => s.AddSingleton<CacheHolder>().AddScoped<IReconfigurable>(sp => sp.GetRequiredService<CacheHolder>().Current),
            (sp, _) => { sp.GetRequiredService<CacheHolder>().Rebuild(); return Task.CompletedTask; });
        await using var _ = services;
        using var __ = reloader;
        var holder = services.GetRequiredService<CacheHolder>();
        var first = holder.Current;

        // Partial: the cache section changed, generation 1 applies it.
        await ChangeAsync(services, reloader, source, new() { ["Cache:Size"] = "20", ["Http:Timeout"] = "5" });
        Assert.Single(first.Calls);
        Assert.Equal("20", first.Calls[0]["Size"]);

        // Outside every section: full reload replaces the module, which is not called.
        await ChangeAsync(services, reloader, source, new() { ["Cache:Size"] = "20", ["Http:Timeout"] = "6" });
        Assert.Equal(2, holder.Generation);
        var second = holder.Current;
        Assert.NotSame(first, second);

        // Partial again: the new instance gets it, the dead one does not.
        await ChangeAsync(services, reloader, source, new() { ["Cache:Size"] = "30", ["Http:Timeout"] = "6" });
        Assert.Single(first.Calls);
        Assert.Equal("30", Assert.Single(second.Calls)["Size"]);

        lock (outcomes)
        {
            Assert.Equal([false, true, false], outcomes.Select(o => o.FullReloadRan));
            Assert.Equal(["cache"], outcomes[2].Applied);
        }
    }

    [Fact]
    public async Task NoModuleRegistered_FullReloadRuns()
    {
        var fullReloads = 0;
        var (services, reloader, source, outcomes) = await StartAsync(
            _ => { },
            (_, _) => { Interlocked.Increment(ref fullReloads); return Task.CompletedTask; });
        await using var _ = services;
        using var __ = reloader;

        await ChangeAsync(services, reloader, source, new() { ["Cache:Size"] = "20", ["Http:Timeout"] = "5" });

        Assert.Equal(1, Volatile.Read(ref fullReloads));
    }

    [Fact]
    public async Task ThrowingFullReloadCallback_DoesNotEscape_AndLaterReloadsStillRun()
    {
        var calls = 0;
        var (services, reloader, source, outcomes) = await StartAsync(
            _ => { },
            (_, _) => { Interlocked.Increment(ref calls); throw new InvalidOperationException("boom"); });
        await using var _ = services;
        using var __ = reloader;

        await ChangeAsync(services, reloader, source, new() { ["Cache:Size"] = "20", ["Http:Timeout"] = "5" });
        await ChangeAsync(services, reloader, source, new() { ["Cache:Size"] = "21", ["Http:Timeout"] = "5" });

        Assert.Equal(2, Volatile.Read(ref calls));
        Assert.Null(reloader.LastError);
        lock (outcomes)
        {
            Assert.Equal(2, outcomes.Count);
            Assert.All(outcomes, o => Assert.False(o.FullReloadSucceeded));
        }
    }

    [Fact]
    public async Task FullReloadMayForceAReload_WithoutDeadlocking()
    {
        ConfigReloader? self = null;
        var forced = 0;
        var (services, reloader, source, outcomes) = await StartAsync(
            _ => { },
            async (_, ct) => { Interlocked.Increment(ref forced); await self!.ForceReloadAsync(ct); });
        self = reloader;
        await using var _ = services;
        using var __ = reloader;

        await ChangeAsync(services, reloader, source, new() { ["Cache:Size"] = "20", ["Http:Timeout"] = "5" });

        Assert.Equal(1, Volatile.Read(ref forced));
    }

    [Fact]
    public void AddDriftlessModulesTwice_Throws()
    {
        var services = new ServiceCollection().AddDriftlessModules((_, _) => Task.CompletedTask);

        Assert.Throws<InvalidOperationException>(() => services.AddDriftlessModules((_, _) => Task.CompletedTask));
    }

    [Fact]
    public async Task StoppingTheHost_Unsubscribes()
    {
        var fullReloads = 0;
        var (services, reloader, source, outcomes) = await StartAsync(
            _ => { },
            (_, _) => { Interlocked.Increment(ref fullReloads); return Task.CompletedTask; });
        await using var _ = services;
        using var __ = reloader;

        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await ChangeAsync(services, reloader, source, new() { ["Cache:Size"] = "20", ["Http:Timeout"] = "5" });

        Assert.Equal(0, Volatile.Read(ref fullReloads));
    }
}
