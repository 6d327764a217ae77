using Driftless.Configuration.Reload;
using Microsoft.Extensions.Time.Testing;

namespace Driftless.Configuration.Tests.Reload;

public sealed class FileChangeWatcherTests : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(2);

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new();
    private int _signals;

    public void Dispose() => _dir.Dispose();

    private FileChangeWatcher Watch(string path, bool forcePolling = false) =>
        new([path], () => Interlocked.Increment(ref _signals), Debounce, PollEvery, forcePolling, _time);

    [Fact]
    public void Debounce_RaisesOneSignal_OnlyAfterAQuietPeriod()
    {
        var path = _dir.File("app.conf");
        File.WriteAllText(path, "a=1");
        using var watcher = Watch(path, forcePolling: true);
        watcher.Start();

        for (var i = 0; i < 20; i++)
        {
            watcher.NotifyChanged();
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(0, _signals);
        _time.Advance(TimeSpan.FromMilliseconds(149));
        Assert.Equal(0, _signals);
        _time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(1, _signals);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _signals);
    }

    [Fact]
    public async Task AtomicRename_IsSeen()
    {
        var path = _dir.File("app.conf");
        File.WriteAllText(path, "a=1");
        using var watcher = Watch(path);
        watcher.Start();
        Assert.False(watcher.IsPolling);

        _dir.WriteAtomically("app.conf", "a=2");

        await Eventually.AssertAsync(() => watcher.RawEventCount > 0, "the rename over app.conf reaches the watcher");
        _time.Advance(Debounce + TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _signals);
    }

    [Fact]
    public async Task UnrelatedFileInTheSameDirectory_IsIgnored()
    {
        var path = _dir.File("app.conf");
        File.WriteAllText(path, "a=1");
        using var watcher = Watch(path);
        watcher.Start();

        File.WriteAllText(_dir.File("other.txt"), "noise");
        File.WriteAllText(path, "a=2");

        await Eventually.AssertAsync(() => watcher.RawEventCount > 0, "the write to app.conf reaches the watcher");
        _time.Advance(Debounce + TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _signals);
    }

    [Fact]
    public async Task DeleteThenRecreate_IsSeen()
    {
        var path = _dir.File("app.conf");
        File.WriteAllText(path, "a=1");
        using var watcher = Watch(path);
        watcher.Start();

        File.Delete(path);
        await Eventually.AssertAsync(() => watcher.RawEventCount > 0, "the delete reaches the watcher");
        var afterDelete = watcher.RawEventCount;
        File.WriteAllText(path, "a=2");
        await Eventually.AssertAsync(() => watcher.RawEventCount > afterDelete, "the re-create reaches the watcher");

        _time.Advance(Debounce + TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _signals);
    }

    [Fact]
    public void ResolveChain_FollowsAConfigMapMount()
    {
        ConfigMapMount.Create(_dir, "v1", "a=1");

        var set = DirectoryWatchers.ComputeWatchSet([_dir.File("app.conf")]);

        Assert.Equal(["..data", "app.conf"], set[_dir.Path].Order(StringComparer.Ordinal));
        Assert.Equal(["app.conf"], set[_dir.File("..data_v1")]);
    }

    [Fact]
    public async Task ConfigMapDataSwap_IsSeen_AndTheNewTargetIsWatched()
    {
        ConfigMapMount.Create(_dir, "v1", "a=1");
        var path = _dir.File("app.conf");
        using var watcher = Watch(path);
        watcher.Start();

        ConfigMapMount.Swap(_dir, "v2", "a=2");
        await Eventually.AssertAsync(() => watcher.RawEventCount > 0, "the ..data rename reaches the watcher");
        _time.Advance(Debounce + TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _signals);

        // After the swap the real file lives in ..data_v2: an in-place edit there must be seen too.
        var before = watcher.RawEventCount;
        File.WriteAllText(_dir.File("..data_v2/app.conf"), "a=3");
        await Eventually.AssertAsync(() => watcher.RawEventCount > before, "an edit behind the new link reaches the watcher");
        _time.Advance(Debounce + TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _signals);
    }

    [Fact]
    public void ForcePolling_DetectsAChange()
    {
        var path = _dir.File("app.conf");
        File.WriteAllText(path, "a=1");
        using var watcher = Watch(path, forcePolling: true);
        watcher.Start();

        File.WriteAllText(path, "a=22");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        _time.Advance(PollEvery);
        Assert.Equal(0, _signals);
        _time.Advance(Debounce);
        Assert.Equal(1, _signals);

        _time.Advance(PollEvery * 3);
        Assert.Equal(1, _signals);
    }

    [Fact]
    public void MissingDirectory_FallsBackToPolling_AndSeesTheFileAppear()
    {
        var path = Path.Combine(_dir.Path, "not-yet", "app.conf");
        using var watcher = Watch(path);

        watcher.Start();

        Assert.True(watcher.IsPolling);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "a=1");
        _time.Advance(PollEvery);
        _time.Advance(Debounce);
        Assert.Equal(1, _signals);
    }

    [Fact]
    public void WatcherError_FallsBackToPolling_SignalsOnce_ThenPolls()
    {
        var path = _dir.File("app.conf");
        File.WriteAllText(path, "a=1");
        using var watcher = Watch(path);
        watcher.Start();
        Assert.False(watcher.IsPolling);

        watcher.FallBackToPolling(_dir.Path, "inotify queue overflow");

        Assert.True(watcher.IsPolling);
        _time.Advance(Debounce);
        Assert.Equal(1, _signals);

        File.WriteAllText(path, "a=22");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        _time.Advance(PollEvery - Debounce);
        _time.Advance(Debounce);
        Assert.Equal(2, _signals);
    }

    [Fact]
    public void StartStopDispose_AreIdempotent_AndStoppedWatcherIsSilent()
    {
        var path = _dir.File("app.conf");
        File.WriteAllText(path, "a=1");
        var watcher = Watch(path, forcePolling: true);

        watcher.Start();
        watcher.Start();
        watcher.NotifyChanged();
        watcher.Stop();
        watcher.Stop();
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, _signals);

        watcher.Dispose();
        watcher.Dispose();
        watcher.Stop();
        Assert.Throws<ObjectDisposedException>(watcher.Start);
    }

    [Fact]
    public async Task Dispose_RacingWithFiringTimers_IsSafe()
    {
        var path = _dir.File("app.conf");
        File.WriteAllText(path, "a=1");
        for (var round = 0; round < 50; round++)
        {
            var time = new FakeTimeProvider();
            var watcher = new FileChangeWatcher([path], () => Thread.SpinWait(50), TimeSpan.Zero, PollEvery, false, time);
            watcher.Start();
            using var go = new Barrier(3);
            var notify = Task.Run(() =>
            {
                go.SignalAndWait();
                for (var i = 0; i < 200; i++)
                {
                    watcher.NotifyChanged();
                }
            });
            var advance = Task.Run(() =>
            {
                go.SignalAndWait();
                for (var i = 0; i < 200; i++)
                {
                    time.Advance(TimeSpan.FromMilliseconds(1));
                }
            });
            go.SignalAndWait();
            watcher.Dispose();
            await Task.WhenAll(notify, advance);
        }
    }
}
