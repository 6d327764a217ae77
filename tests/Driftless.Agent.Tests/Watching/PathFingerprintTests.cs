using Driftless.Agent.Watching;

namespace Driftless.Agent.Tests.Watching;

/// <summary>The polling fallback's fingerprint: what makes a change visible without reading contents.</summary>
public sealed class PathFingerprintTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("driftless-fingerprint-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_file_replaced_by_rename_with_the_same_size_and_time_is_a_change()
    {
        // File times tick with the kernel's coarse clock: a save within one tick keeps size and time alike.
        var file = Path.Combine(_dir, "app.conf");
        File.WriteAllText(file, "a2\n");
        var time = File.GetLastWriteTimeUtc(file);
        var targets = new[] { new WatchTarget(_dir, IsDirectory: true) };
        var before = PathFingerprint.Of(targets);

        var temp = Path.Combine(_dir, ".app.conf.tmp");
        File.WriteAllText(temp, "a2\n");
        File.SetLastWriteTimeUtc(temp, time);
        File.Move(temp, file, overwrite: true);

        Assert.Equal(time, File.GetLastWriteTimeUtc(file));
        Assert.NotEqual(before, PathFingerprint.Of(targets));
    }

    [Fact]
    public void An_untouched_tree_keeps_its_fingerprint()
    {
        File.WriteAllText(Path.Combine(_dir, "app.conf"), "a1\n");
        var targets = new[] { new WatchTarget(_dir, IsDirectory: true) };

        Assert.Equal(PathFingerprint.Of(targets), PathFingerprint.Of(targets));
    }
}
