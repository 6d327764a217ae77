using Driftless.Agent.Watching;
using Driftless.Core.Registry;
using Driftless.IntegrationTests.Agent;
using Driftless.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Driftless.Agent.Tests.Watching;

/// <summary>The watcher on real directories: every way tools replace a file is seen.</summary>
public sealed class InputWatcherTests : IDisposable
{
    private readonly TempDir _dir = new("dlw");
    private int _changes;

    [Fact]
    public async Task InPlace_Write_Of_A_File_Input_Is_Seen()
    {
        var file = _dir.Write("cfg/app.conf", "v1\n");
        using var watcher = Watch(new WatchTarget(file, false));
        await AssertSeenAsync(() => File.WriteAllText(file, "v2\n"));
    }

    [Fact]
    public async Task Atomic_Rename_Over_A_File_Input_Is_Seen()
    {
        var file = _dir.Write("cfg/app.conf", "v1\n");
        using var watcher = Watch(new WatchTarget(file, false));
        await AssertSeenAsync(() => _dir.ReplaceAtomically("cfg/app.conf", "v2\n"));

        // The watch is on the directory, so a second rename (a third inode) is seen too.
        await AssertSeenAsync(() => _dir.ReplaceAtomically("cfg/app.conf", "v3\n"));
    }

    [Fact]
    public async Task Delete_Then_Create_Is_Seen()
    {
        var file = _dir.Write("cfg/app.conf", "v1\n");
        using var watcher = Watch(new WatchTarget(file, false));
        await AssertSeenAsync(() =>
        {
            File.Delete(file);
            File.WriteAllText(file, "v2\n");
        });
        await AssertSeenAsync(() => File.WriteAllText(file, "v3\n"));
    }

    [Fact]
    public async Task Write_Inside_A_Directory_Input_Is_Seen_Recursively()
    {
        _dir.Write("cfg/sub/deep.conf", "v1\n");
        using var watcher = Watch(new WatchTarget(_dir.File("cfg"), true));
        await AssertSeenAsync(() => _dir.ReplaceAtomically("cfg/sub/deep.conf", "v2\n"));
        await AssertSeenAsync(() => _dir.Write("cfg/new.conf", "new\n"));
    }

    [Fact]
    public async Task ConfigMap_Data_Symlink_Swap_Is_Seen_For_A_File_Input()
    {
        var file = ConfigMapLayout.Create(_dir, "cm", "v1\n");
        using var watcher = Watch(new WatchTarget(file, false));
        await AssertSeenAsync(() => ConfigMapLayout.SwapAsync(_dir, "cm", "2", "v2\n"));
        Assert.Equal("v2\n", File.ReadAllText(file));
        await AssertSeenAsync(() => ConfigMapLayout.SwapAsync(_dir, "cm", "3", "v3\n"));
    }

    [Fact]
    public async Task ConfigMap_Data_Symlink_Swap_Is_Seen_For_A_Directory_Input()
    {
        ConfigMapLayout.Create(_dir, "cm", "v1\n");
        using var watcher = Watch(new WatchTarget(_dir.File("cm"), true));
        await AssertSeenAsync(() => ConfigMapLayout.SwapAsync(_dir, "cm", "2", "v2\n"));
    }

    [Fact]
    public void Poll_Mode_Sees_A_Change_At_The_Next_Interval()
    {
        var file = _dir.Write("cfg/app.conf", "v1\n");
        var time = new FakeTimeProvider();
        using var watcher = new InputWatcher([new WatchTarget(file, false)], WatchMethod.Poll, TimeSpan.FromSeconds(2), time, NullLogger.Instance, () => Interlocked.Increment(ref _changes));
        Assert.True(watcher.Polling);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, Volatile.Read(ref _changes));

        _dir.ReplaceAtomically("cfg/app.conf", "version two\n");
        Assert.Equal(0, Volatile.Read(ref _changes));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, Volatile.Read(ref _changes));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, Volatile.Read(ref _changes));
    }

    [Fact]
    public void A_Missing_Directory_Falls_Back_To_Polling_Without_Throwing()
    {
        var time = new FakeTimeProvider();
        using var watcher = new InputWatcher([new WatchTarget(_dir.File("nope/deeper/app.conf"), false)], WatchMethod.Auto, TimeSpan.FromSeconds(1), time, NullLogger.Instance, () => Interlocked.Increment(ref _changes));
        Assert.True(watcher.Polling);
        _dir.Write("nope/deeper/app.conf", "now here\n");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(Volatile.Read(ref _changes) >= 1);
    }

    public void Dispose() => _dir.Dispose();

    private InputWatcher Watch(WatchTarget target) =>
        new([target], WatchMethod.Auto, TimeSpan.FromSeconds(2), TimeProvider.System, NullLogger.Instance, () => Interlocked.Increment(ref _changes));

    private Task AssertSeenAsync(Action change) => AssertSeenAsync(() =>
    {
        change();
        return Task.CompletedTask;
    });

    private async Task AssertSeenAsync(Func<Task> change)
    {
        var before = Volatile.Read(ref _changes);
        await change();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Volatile.Read(ref _changes) == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(Volatile.Read(ref _changes) > before, "the change was not reported");
    }
}
