using Driftless.Core.Errors;
using Driftless.Core.State;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.State;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HashKeyFileTests : IDisposable
{
    private readonly HostFiles _host = new();

    private string StateDirectory => _host.PathOf(".driftless");

    private string KeyPath => Path.Combine(StateDirectory, HashKeyFile.FileName);

    public void Dispose() => _host.Dispose();

    [Fact]
    public void FirstUse_CreatesA32ByteKey_Mode0600_AndLaterUsesReadTheSameKey()
    {
        var created = HashKeyFile.LoadOrCreate(StateDirectory);
        var again = HashKeyFile.LoadOrCreate(StateDirectory);

        Assert.Equal(32, new FileInfo(KeyPath).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        Assert.Equal(created.Id, again.Id);
        Assert.Equal(created.Digest("x"u8), again.Digest("x"u8));
        Assert.Single(Directory.GetFiles(StateDirectory));
    }

    [Fact]
    public void TwoStateDirectories_HaveDifferentKeys()
    {
        var one = HashKeyFile.LoadOrCreate(StateDirectory);
        var other = HashKeyFile.LoadOrCreate(_host.PathOf("other-state"));
        Assert.NotEqual(one.Digest("x"u8), other.Digest("x"u8));
    }

    [Fact]
    public void KeyReadableByOthers_IsRefused()
    {
        HashKeyFile.LoadOrCreate(StateDirectory);
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var e = Assert.Throws<DriftlessException>(() => HashKeyFile.LoadOrCreate(StateDirectory));
        Assert.Equal(ErrorKind.StateUnusable, e.Kind);
        Assert.Contains(KeyPath, e.Message, StringComparison.Ordinal);
        Assert.Contains("0600", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyOfTheWrongSize_IsRefused()
    {
        Directory.CreateDirectory(StateDirectory);
        File.WriteAllBytes(KeyPath, new byte[16]);
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var e = Assert.Throws<DriftlessException>(() => HashKeyFile.LoadOrCreate(StateDirectory));
        Assert.Equal(ErrorKind.StateUnusable, e.Kind);
        Assert.Contains("16 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyThatIsADirectoryOrASymlink_IsRefused()
    {
        Directory.CreateDirectory(KeyPath);
        var directory = Assert.Throws<DriftlessException>(() => HashKeyFile.LoadOrCreate(StateDirectory));
        Assert.Equal(ErrorKind.StateUnusable, directory.Kind);
        Assert.Contains("not a regular file", directory.Message, StringComparison.Ordinal);

        Directory.Delete(KeyPath);
        var target = _host.Write("elsewhere.key", new string('k', 32));
        File.CreateSymbolicLink(KeyPath, target);
        var link = Assert.Throws<DriftlessException>(() => HashKeyFile.LoadOrCreate(StateDirectory));
        Assert.Equal(ErrorKind.StateUnusable, link.Kind);
    }

    [Fact]
    public void Rotate_ReplacesTheKey_Mode0600_AndNamesTheKeyItReplaced()
    {
        var old = HashKeyFile.LoadOrCreate(StateDirectory);

        var (previous, key) = HashKeyFile.Rotate(StateDirectory);

        Assert.Equal(old.Id, previous);
        Assert.NotEqual(old.Id, key.Id);
        Assert.Equal(key.Id, HashKeyFile.LoadOrCreate(StateDirectory).Id);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        Assert.Single(Directory.GetFiles(StateDirectory));
    }

    [Fact]
    public void Rotate_WithoutAKey_CreatesOne_AndReplacesAnUnusableRegularFile()
    {
        var (none, created) = HashKeyFile.Rotate(StateDirectory);
        Assert.Null(none);
        File.WriteAllBytes(KeyPath, new byte[16]);
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var (broken, replaced) = HashKeyFile.Rotate(StateDirectory);

        Assert.Null(broken);
        Assert.NotEqual(created.Id, replaced.Id);
        Assert.Equal(replaced.Id, HashKeyFile.LoadOrCreate(StateDirectory).Id);
    }

    [Fact]
    public void Rotate_RefusesAKeyThatIsNotARegularFile()
    {
        Directory.CreateDirectory(KeyPath);

        var e = Assert.Throws<DriftlessException>(() => HashKeyFile.Rotate(StateDirectory));

        Assert.Equal(ErrorKind.StateUnusable, e.Kind);
        Assert.Contains(KeyPath, e.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(KeyPath));
    }
}
