using Driftless.Configuration.Modules;
using Driftless.Configuration.Sources;
using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Tests.Modules;

public sealed class ModuleReconfiguratorTests
{
    private static readonly Dictionary<string, string?> Base = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Cache:Size"] = "10",
        ["Cache:Redis:Host"] = "r1",
        ["Http:Timeout"] = "5",
        ["Database:Pool"] = "4",
    };

    private int _fullReloads;

    private static ConfigSnapshot Snapshot(Dictionary<string, string?> values) => new(values, "sha256:" + Guid.NewGuid().ToString("N"), "test");

    private static ConfigSnapshot With(params (string Key, string? Value)[] changes)
    {
        var values = new Dictionary<string, string?>(Base, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                values.Remove(key);
            }
            else
            {
                values[key] = value;
            }
        }

        return Snapshot(values);
    }

    private ModuleReconfigurator Create(ILogger? logger = null, params IReconfigurable[] modules) =>
        new(() => modules, _ => { Interlocked.Increment(ref _fullReloads); return Task.CompletedTask; }, logger);

    [Fact]
    public async Task OnlyModulesWhoseSectionChangedAreReconfigured_WithTheNewSection()
    {
        var cache = new TestModule("cache", "Cache");
        var http = new TestModule("http", "HTTP");
        var database = new TestModule("db", "Database");

        var outcome = await Create(null, cache, http, database)
            .ReconfigureAsync(Snapshot(Base), With(("cache:redis:host", "r2"), ("Http:Retries", "3")), CancellationToken.None);

        Assert.Equal(["cache", "http"], outcome.Applied);
        Assert.Equal(["Cache", "HTTP"], outcome.ChangedSections);
        Assert.False(outcome.FullReloadRan);
        Assert.Equal(0, _fullReloads);
        Assert.Empty(database.Calls);
        var seen = Assert.Single(cache.Calls);
        Assert.Equal("r2", seen["Redis:Host"]);
        Assert.Equal("10", seen["Size"]);
        Assert.Equal("3", Assert.Single(http.Calls)["Retries"]);
    }

    [Fact]
    public async Task RemovedKeyAndTheSectionKeyItselfCountAsChanges_ButAPrefixIsNotASection()
    {
        var cache = new TestModule("cache", "Cache");
        var cacheX = new TestModule("cachex", "CacheX");
        var reconfigurator = Create(null, cache, cacheX);

        var removed = await reconfigurator.ReconfigureAsync(Snapshot(Base), With(("Cache:Size", null)), CancellationToken.None);
        var own = await reconfigurator.ReconfigureAsync(Snapshot(Base), With(("Cache", "on")), CancellationToken.None);
        var prefix = await reconfigurator.ReconfigureAsync(Snapshot(Base), With(("CacheX:A", "1")), CancellationToken.None);

        Assert.Equal(["cache"], removed.Applied);
        Assert.Equal(["cache"], own.Applied);
        Assert.Equal(["cachex"], prefix.Applied);
        Assert.Equal(2, cache.Calls.Count);
        Assert.Equal(0, _fullReloads);
    }

    [Fact]
    public async Task KeyCaseOnlyDifferenceIsNoChange()
    {
        var cache = new TestModule("cache", "Cache");
        var lower = Snapshot(Base.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value));

        var outcome = await Create(null, cache).ReconfigureAsync(Snapshot(Base), lower, CancellationToken.None);

        Assert.Empty(outcome.ChangedSections);
        Assert.False(outcome.FullReloadRan);
        Assert.Empty(cache.Calls);
    }

    [Fact]
    public async Task ChangeOutsideEveryModuleSection_FullReload_ModulesNotCalled()
    {
        var cache = new TestModule("cache", "Cache");
        var http = new TestModule("http", "Http");

        var outcome = await Create(null, cache, http)
            .ReconfigureAsync(Snapshot(Base), With(("Cache:Size", "20"), ("Logging:Level", "Debug")), CancellationToken.None);

        Assert.True(outcome.FullReloadRan);
        Assert.True(outcome.FullReloadSucceeded);
        Assert.Equal(1, _fullReloads);
        Assert.Empty(cache.Calls);
        Assert.Empty(http.Calls);
        Assert.Empty(outcome.Applied);
    }

    [Fact]
    public async Task NotSupported_FullReload()
    {
        var cache = new TestModule("cache", "Cache", _ => ReconfigureResult.NotSupported);

        var outcome = await Create(null, cache).ReconfigureAsync(Snapshot(Base), With(("Cache:Size", "20")), CancellationToken.None);

        Assert.Equal(["cache"], outcome.NotSupported);
        Assert.True(outcome.FullReloadRan);
        Assert.Equal(1, _fullReloads);
    }

    [Fact]
    public async Task FailedAndThrowing_FullReload_AndTheOtherModulesStillRan()
    {
        var logger = new ListLogger();
        var first = new TestModule("first", "Cache", _ => throw new InvalidOperationException("secret-value-should-not-be-in-outcome"));
        var failed = new TestModule("failed", "Http", _ => ReconfigureResult.Failed);
        var last = new TestModule("last", "Database");

        var outcome = await Create(logger, first, failed, last).ReconfigureAsync(
            Snapshot(Base), With(("Cache:Size", "20"), ("Http:Timeout", "9"), ("Database:Pool", "8")), CancellationToken.None);

        Assert.Single(first.Calls);
        Assert.Single(failed.Calls);
        Assert.Single(last.Calls);
        Assert.Equal(["last"], outcome.Applied);
        Assert.Equal(["first", "failed"], outcome.Failed);
        Assert.True(outcome.FullReloadRan);
        Assert.Equal(1, _fullReloads);
        Assert.Contains(outcome.Errors, e => e.Contains("first", StringComparison.Ordinal) && e.Contains(nameof(InvalidOperationException), StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Errors, e => e.Contains("secret", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException && e.Message.Contains("first", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("20", StringComparison.Ordinal) || e.Message.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoModuleRegistered_FullReload()
    {
        // The 004 bug: a changed section without a reconfigurer must not be silently "applied".
        var outcome = await Create(null).ReconfigureAsync(Snapshot(Base), With(("Cache:Size", "20")), CancellationToken.None);

        Assert.True(outcome.FullReloadRan);
        Assert.Equal(1, _fullReloads);
        Assert.Contains("no reconfigurable module", outcome.FullReloadReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedSectionWithoutItsModule_FullReload_EvenWhenOtherModulesExist()
    {
        var http = new TestModule("http", "Http");

        var outcome = await Create(null, http).ReconfigureAsync(Snapshot(Base), With(("Cache:Size", "20")), CancellationToken.None);

        Assert.True(outcome.FullReloadRan);
        Assert.Empty(http.Calls);
    }

    [Fact]
    public async Task ResolverIsCalledAtEveryReload()
    {
        var resolutions = 0;
        var reconfigurator = new ModuleReconfigurator(
            () => { resolutions++; return [new TestModule($"cache{resolutions}", "Cache")]; },
            _ => Task.CompletedTask);

        var first = await reconfigurator.ReconfigureAsync(Snapshot(Base), With(("Cache:Size", "1")), CancellationToken.None);
        var second = await reconfigurator.ReconfigureAsync(Snapshot(Base), With(("Cache:Size", "2")), CancellationToken.None);

        Assert.Equal(2, resolutions);
        Assert.Equal(["cache1"], first.Applied);
        Assert.Equal(["cache2"], second.Applied);
    }

    [Fact]
    public async Task ResolverThrowing_FullReload()
    {
        var reconfigurator = new ModuleReconfigurator(
            () => throw new InvalidOperationException("container disposed"),
            _ => { _fullReloads++; return Task.CompletedTask; });

        var outcome = await reconfigurator.ReconfigureAsync(Snapshot(Base), With(("Cache:Size", "1")), CancellationToken.None);

        Assert.True(outcome.FullReloadRan);
        Assert.Equal(1, _fullReloads);
    }

    [Fact]
    public async Task ThrowingFullReloadCallback_IsLoggedAndDoesNotThrow()
    {
        var logger = new ListLogger();
        var reconfigurator = new ModuleReconfigurator(
            () => [],
            _ => throw new InvalidOperationException("boom"),
            logger);

        var outcome = await reconfigurator.ReconfigureAsync(Snapshot(Base), With(("Other", "1")), CancellationToken.None);

        Assert.True(outcome.FullReloadRan);
        Assert.False(outcome.FullReloadSucceeded);
        Assert.Contains(outcome.Errors, e => e.Contains(nameof(InvalidOperationException), StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task FaultedFullReloadTask_IsLoggedAndDoesNotThrow()
    {
        var logger = new ListLogger();
        var reconfigurator = new ModuleReconfigurator(
            () => [],
            async ct => { await Task.Yield(); throw new TimeoutException(); },
            logger);

        var outcome = await reconfigurator.ReconfigureAsync(Snapshot(Base), With(("Other", "1")), CancellationToken.None);

        Assert.False(outcome.FullReloadSucceeded);
        Assert.Contains(logger.Entries, e => e.Exception is TimeoutException);
    }
}
