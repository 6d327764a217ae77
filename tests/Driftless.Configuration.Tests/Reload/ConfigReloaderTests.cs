using System.Collections.Concurrent;
using Driftless.Configuration.Reload;
using Driftless.Configuration.Sources;
using Microsoft.Extensions.Time.Testing;

namespace Driftless.Configuration.Tests.Reload;

public sealed class ConfigReloaderTests : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentQueue<(ConfigSnapshot Old, ConfigSnapshot New)> _reloaded = new();
    private readonly ConcurrentQueue<Exception> _failed = new();
    private readonly List<ConfigReloader> _reloaders = [];

    public void Dispose()
    {
        foreach (var reloader in _reloaders)
        {
            reloader.Dispose();
        }

        _dir.Dispose();
    }

    private string AppConf => _dir.File("app.conf");

    private async Task<ConfigReloader> StartAsync(
        string content = "a=1", bool forcePolling = false, Action<DriftlessReloadOptions>? configure = null, IConfigSource? source = null)
    {
        if (source is null)
        {
            File.WriteAllText(AppConf, content);
        }

        var options = new DriftlessReloadOptions { TimeProvider = _time, ForcePolling = forcePolling };
        configure?.Invoke(options);
        var reloader = new ConfigReloader(source ?? new KeyValueFileSource(AppConf), options);
        _reloaders.Add(reloader);
        reloader.Reloaded += (o, n) => _reloaded.Enqueue((o, n));
        reloader.ReloadFailed += _failed.Enqueue;
        await reloader.StartAsync(CancellationToken.None);
        return reloader;
    }

    /// <summary>Waits for the real watcher to see the change, ends the quiet period on the fake clock, waits for the reload.</summary>
    private static async Task SettleAsync(ConfigReloader reloader, FakeTimeProvider time, long eventsBefore, long attemptsBefore)
    {
        await Eventually.AssertAsync(() => reloader.Watcher!.RawEventCount > eventsBefore, "the watcher sees the change");
        time.Advance(Debounce + TimeSpan.FromMilliseconds(1));
        await Eventually.AssertAsync(() => reloader.ReloadAttempts > attemptsBefore && !reloader.IsSignalLoopRunning, "the reload runs");
    }

    private Task ChangeAndSettleAsync(ConfigReloader reloader, Action change)
    {
        // Counters first: the watcher may see the change before the helper looks.
        var (events, attempts) = (reloader.Watcher!.RawEventCount, reloader.ReloadAttempts);
        change();
        return SettleAsync(reloader, _time, events, attempts);
    }

    [Fact]
    public async Task StartAsync_Throws_WhenTheFileIsMissing()
    {
        var reloader = new ConfigReloader(new KeyValueFileSource(AppConf), new DriftlessReloadOptions { TimeProvider = _time });
        _reloaders.Add(reloader);

        await Assert.ThrowsAsync<ConfigLoadException>(() => reloader.StartAsync(CancellationToken.None));
        Assert.Throws<InvalidOperationException>(() => reloader.Current);
    }

    [Fact]
    public async Task StartAsync_Throws_WhenAValidatorRejectsTheFirstLoad()
    {
        var error = await Assert.ThrowsAsync<ConfigValidationException>(() => StartAsync(
            "port=0", configure: o => o.Validators.Add(s => s.Values["port"] == "0" ? ["port must be positive"] : [])));

        Assert.Equal(["port must be positive"], error.Failures);
    }

    [Fact]
    public async Task StartAsync_LoadsRevisionOne_WithoutRaisingReloaded()
    {
        var reloader = await StartAsync("a=1");

        Assert.Equal("1", reloader.Current.Values["a"]);
        Assert.Equal(1, reloader.Revision);
        Assert.Null(reloader.LastError);
        Assert.Empty(_reloaded);
    }

    [Fact]
    public async Task AtomicRename_PublishesTheNewSnapshot()
    {
        var reloader = await StartAsync("a=1");

        await ChangeAndSettleAsync(reloader, () => _dir.WriteAtomically("app.conf", "a=2"));

        Assert.Equal("2", reloader.Current.Values["a"]);
        Assert.Equal(2, reloader.Revision);
        var (old, @new) = Assert.Single(_reloaded);
        Assert.Equal("1", old.Values["a"]);
        Assert.Same(reloader.Current, @new);
    }

    [Fact]
    public async Task IdenticalBytesSave_PublishesNothing()
    {
        var reloader = await StartAsync("a=1");

        await ChangeAndSettleAsync(reloader, () => _dir.WriteAtomically("app.conf", "a=1"));

        Assert.Equal(1, reloader.ReloadAttempts);
        Assert.Empty(_reloaded);
        Assert.Equal(1, reloader.Revision);
    }

    [Fact]
    public async Task BurstOfTwentyWrites_ReloadsOnce()
    {
        var reloader = await StartAsync("a=0");

        for (var i = 1; i <= 20; i++)
        {
            File.WriteAllText(AppConf, $"a={i}");
        }

        await SettleAsync(reloader, _time, 0, 0);
        Assert.Equal("20", reloader.Current.Values["a"]);
        Assert.Single(_reloaded);

        // Events the watcher gets late can only restart the quiet period on identical content.
        _time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.AssertAsync(() => !reloader.IsSignalLoopRunning, "any late reload finishes");
        Assert.Single(_reloaded);
        Assert.Equal(2, reloader.Revision);
    }

    [Fact]
    public async Task InvalidContent_KeepsTheLastGood_AndAFixClearsTheError()
    {
        var reloader = await StartAsync("a=1");

        await ChangeAndSettleAsync(reloader, () => _dir.WriteAtomically("app.conf", "a=2\nINVALID\n"));

        Assert.Equal("1", reloader.Current.Values["a"]);
        Assert.Equal(1, reloader.Revision);
        var error = Assert.IsType<ConfigLoadException>(reloader.LastError);
        Assert.Equal(2, error.Line);
        Assert.Same(error, Assert.Single(_failed));
        Assert.Empty(_reloaded);

        await ChangeAndSettleAsync(reloader, () => _dir.WriteAtomically("app.conf", "a=3"));

        Assert.Null(reloader.LastError);
        Assert.Equal("3", reloader.Current.Values["a"]);
        Assert.Equal(2, reloader.Revision);
    }

    [Fact]
    public async Task RevertingABadSave_ToThePublishedContent_ClearsTheError()
    {
        var reloader = await StartAsync("a=1");
        await ChangeAndSettleAsync(reloader, () => _dir.WriteAtomically("app.conf", "INVALID"));
        Assert.NotNull(reloader.LastError);

        await ChangeAndSettleAsync(reloader, () => _dir.WriteAtomically("app.conf", "a=1"));

        Assert.Null(reloader.LastError);
        Assert.Empty(_reloaded);
    }

    [Fact]
    public async Task ValidatorRejection_KeepsTheLastGood()
    {
        var reloader = await StartAsync("port=80", configure: o => o.Validators.Add(
            s => int.Parse(s.Values["port"]!, System.Globalization.CultureInfo.InvariantCulture) > 0 ? [] : ["port must be positive"]));

        await ChangeAndSettleAsync(reloader, () => _dir.WriteAtomically("app.conf", "port=0"));

        Assert.Equal("80", reloader.Current.Values["port"]);
        var error = Assert.IsType<ConfigValidationException>(reloader.LastError);
        Assert.Equal(["port must be positive"], error.Failures);
        Assert.DoesNotContain("port=0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedThenRecreated_NeverPublishesEmptyConfig()
    {
        var reloader = await StartAsync("a=1");

        await ChangeAndSettleAsync(reloader, () => File.Delete(AppConf));

        Assert.Equal("1", reloader.Current.Values["a"]);
        Assert.IsType<ConfigLoadException>(reloader.LastError);
        Assert.Empty(_reloaded);

        await ChangeAndSettleAsync(reloader, () => File.WriteAllText(AppConf, "a=5"));

        Assert.Equal("5", reloader.Current.Values["a"]);
        Assert.Null(reloader.LastError);
        Assert.Single(_reloaded);
    }

    [Fact]
    public async Task ConfigMapDataSwap_PublishesTheNewVersion()
    {
        ConfigMapMount.Create(_dir, "v1", "a=1");
        var reloader = await StartAsync(source: new KeyValueFileSource(AppConf));

        await ChangeAndSettleAsync(reloader, () => ConfigMapMount.Swap(_dir, "v2", "a=2"));

        Assert.Equal("2", reloader.Current.Values["a"]);
        Assert.Single(_reloaded);
    }

    [Fact]
    public async Task ForcePolling_DetectsAChange()
    {
        var reloader = await StartAsync("a=1", forcePolling: true);

        File.WriteAllText(AppConf, "a=2");
        File.SetLastWriteTimeUtc(AppConf, DateTime.UtcNow.AddMinutes(1));
        _time.Advance(TimeSpan.FromSeconds(2));
        _time.Advance(Debounce);

        await Eventually.AssertAsync(() => _reloaded.Count == 1, "the poll finds the change");
        Assert.Equal("2", reloader.Current.Values["a"]);
    }

    [Fact]
    public async Task ForceReload_ReloadsWithoutASignal_AndReportsWhetherItPublished()
    {
        var reloader = await StartAsync("a=1", forcePolling: true);
        File.WriteAllText(AppConf, "a=2");

        Assert.True(await reloader.ForceReloadAsync(CancellationToken.None));
        Assert.False(await reloader.ForceReloadAsync(CancellationToken.None));
        Assert.Equal("2", reloader.Current.Values["a"]);

        File.WriteAllText(AppConf, "INVALID");
        Assert.False(await reloader.ForceReloadAsync(CancellationToken.None));
        Assert.NotNull(reloader.LastError);
    }

    [Fact]
    public async Task SignalsDuringALoad_ScheduleExactlyOneMore()
    {
        var source = new KeyValueFileSource(AppConf);
        File.WriteAllText(AppConf, "a=1");
        var reloader = await StartAsync(source: source, forcePolling: true);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.BeforeLoad = _ => release.Task;

        reloader.SignalChange();
        await Eventually.AssertAsync(() => source.Loads == 2, "the first signalled load starts");
        for (var i = 0; i < 5; i++)
        {
            reloader.SignalChange();
        }

        release.SetResult();
        await Eventually.AssertAsync(() => reloader.ReloadAttempts == 2 && !reloader.IsSignalLoopRunning, "the loads finish");
        Assert.Equal(3, source.Loads);
    }

    [Fact]
    public async Task AThrowingHandler_DoesNotStopTheOthers()
    {
        var reloader = await StartAsync("a=1", forcePolling: true);
        var later = 0;
        var laterFailed = 0;
        reloader.Reloaded += (_, _) => throw new InvalidOperationException("boom");
        reloader.Reloaded += (_, _) => later++;
        reloader.ReloadFailed += _ => throw new InvalidOperationException("boom");
        reloader.ReloadFailed += _ => laterFailed++;

        File.WriteAllText(AppConf, "a=2");
        Assert.True(await reloader.ForceReloadAsync(CancellationToken.None));
        File.WriteAllText(AppConf, "INVALID");
        Assert.False(await reloader.ForceReloadAsync(CancellationToken.None));

        Assert.Equal(1, later);
        Assert.Equal(1, laterFailed);
        Assert.Single(_reloaded);
        Assert.Single(_failed);
    }

    [Fact]
    public async Task Dispose_RacingWithAChange_IsSafe()
    {
        for (var round = 0; round < 20; round++)
        {
            var time = new FakeTimeProvider();
            File.WriteAllText(AppConf, "a=1");
            var reloader = new ConfigReloader(new KeyValueFileSource(AppConf),
                new DriftlessReloadOptions { TimeProvider = time, Debounce = TimeSpan.Zero, ForcePolling = true });
            await reloader.StartAsync(CancellationToken.None);
            File.WriteAllText(AppConf, $"a={round + 2}");

            var signals = Task.Run(() =>
            {
                for (var i = 0; i < 50; i++)
                {
                    reloader.SignalChange();
                    time.Advance(TimeSpan.FromMilliseconds(1));
                }
            });
            reloader.Dispose();
            await signals;
            await Eventually.AssertAsync(() => !reloader.IsSignalLoopRunning, "the background loop ends after dispose");
            await Assert.ThrowsAsync<ObjectDisposedException>(() => reloader.ForceReloadAsync(CancellationToken.None));
        }
    }
}
