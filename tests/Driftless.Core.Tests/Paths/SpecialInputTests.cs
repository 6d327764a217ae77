using Driftless.Core.Errors;
using Driftless.Core.Paths;
using Driftless.Core.Registry;
using Driftless.Core.Tests.Fakes;
using TempDirectory = Driftless.Core.Tests.Registry.TempDirectory;

namespace Driftless.Core.Tests.Paths;

/// <summary>Inputs that are no configuration (special files, pseudo file systems), and inputs outside the registry's tree.</summary>
public sealed class SpecialInputTests : IDisposable
{
    private readonly TempDirectory _dir = new("stack");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("/dev/urandom", "character device")]
    [InlineData("/dev/null", "character device")]
    [InlineData("/proc/self/environ", "proc pseudo file system")]
    [InlineData("/proc/self/", "proc pseudo file system")]
    [InlineData("/sys/kernel/", "sysfs pseudo file system")]
    public void Resolve_SystemSpecialPaths_AreRefusedNamingThePath(string declared, string what)
    {
        var e = Assert.Throws<DriftlessException>(() => InputResolver.Resolve(declared, _dir.Root));

        Assert.Equal(ErrorKind.InvalidInput, e.Kind);
        Assert.Contains($"input '{declared}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_FifoAndSocket_AreRefused_WithoutBlocking()
    {
        SpecialFiles.Fifo(_dir.PathOf("pipe"));
        using var socket = SpecialFiles.Socket(_dir.PathOf("control.sock"));

        var fifo = Assert.Throws<DriftlessException>(() => InputResolver.Resolve("pipe", _dir.Root));
        var sock = Assert.Throws<DriftlessException>(() => InputResolver.Resolve("control.sock", _dir.Root));

        Assert.Contains($"input 'pipe' is a FIFO, not a regular file or directory: {_dir.PathOf("pipe")}", fifo.Message, StringComparison.Ordinal);
        Assert.Contains("is a socket", sock.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_LinkToADevice_IsRefused()
    {
        File.CreateSymbolicLink(_dir.PathOf("seed"), "/dev/urandom");

        var e = Assert.Throws<DriftlessException>(() => InputResolver.Resolve("seed", _dir.Root));

        Assert.Contains("character device", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_FifoInput_IsExit65NamingFileLineAndKey()
    {
        SpecialFiles.Fifo(_dir.PathOf("configs/pipe"));
        _dir.Write("docker-compose.yml", "services: {}\n");
        var path = _dir.Write("driftless.yaml", "version: 1\nproject: demo\ncompose: {files: [docker-compose.yml]}\nservices:\n  app:\n    inputs: [configs/pipe]\n");

        var e = await Assert.ThrowsAsync<RegistryException>(() => new RegistryLoader().LoadAsync(path, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidRegistry, e.Kind);
        Assert.StartsWith($"{path}:6:", e.Message, StringComparison.Ordinal);
        Assert.Contains("services.app.inputs", e.Message, StringComparison.Ordinal);
        Assert.Contains("FIFO", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_InputsOutsideTheRegistryTree_AreMarked_InsideOnesAreNot()
    {
        _dir.Write("configs/app.conf", "x");
        var outside = _dir.Write("../shared/common.conf", "x");
        File.CreateSymbolicLink(_dir.PathOf("configs/escape.conf"), outside);

        Assert.False(InputResolver.Resolve("configs/app.conf", _dir.Root).OutsideBaseDirectory);
        Assert.False(InputResolver.Resolve("configs/", _dir.Root).OutsideBaseDirectory);
        Assert.True(InputResolver.Resolve("../shared/common.conf", _dir.Root).OutsideBaseDirectory);
        Assert.True(InputResolver.Resolve("../shared/", _dir.Root).OutsideBaseDirectory);
        Assert.True(InputResolver.Resolve("configs/escape.conf", _dir.Root).OutsideBaseDirectory);
        Assert.True(InputResolver.Resolve("/etc/hostname", _dir.Root).OutsideBaseDirectory);
    }

    [Fact]
    public void Resolve_SymlinkToADirectory_IsADirectoryInput_NotADanglingLink()
    {
        _dir.Write("configs/v2/app.conf", "x");
        Directory.CreateSymbolicLink(_dir.PathOf("configs/current"), "v2");

        var input = InputResolver.Resolve("configs/current/", _dir.Root);

        Assert.Equal(InputKind.Directory, input.Kind);
        Assert.Equal(_dir.PathOf("configs/current"), input.FullPath);
    }

    [Fact]
    public void FileStatus_NamesTheKindOfSpecialFile()
    {
        var fifo = SpecialFiles.Fifo(_dir.PathOf("pipe"));

        Assert.True(UnixFileStat.TryGet(fifo, followSymlinks: false, out var status));
        Assert.True(status.IsSpecial);
        Assert.Equal("FIFO", status.TypeName);
        Assert.True(UnixFileStat.TryGet("/dev/null", followSymlinks: true, out var device));
        Assert.Equal("character device", device.TypeName);
    }

    [Fact]
    public void PseudoFileSystems_KnowProcAndSys_NotOrdinaryDirectories()
    {
        Assert.Equal("proc", PseudoFileSystems.Of("/proc/self/environ"));
        Assert.Equal("sysfs", PseudoFileSystems.Of("/sys/kernel"));
        Assert.Null(PseudoFileSystems.Of(_dir.Root));
        Assert.Null(PseudoFileSystems.Of(_dir.PathOf("missing")));
    }
}
