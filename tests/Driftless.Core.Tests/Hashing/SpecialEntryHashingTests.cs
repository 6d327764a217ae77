using Driftless.Core.Errors;
using Driftless.Core.Hashing;
using Driftless.Core.Registry;
using Driftless.Core.Tests.Fakes;
using Driftless.Core.Tests.Registry;
using TempDirectory = Driftless.Core.Tests.Registry.TempDirectory;

namespace Driftless.Core.Tests.Hashing;

/// <summary>FIFOs, sockets, devices and links into /proc inside an input directory: skipped, reported, never opened.</summary>
public sealed class SpecialEntryHashingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<ContentHash> HashAsync(params string[] declared) =>
        new ContentHasher().HashAsync(declared.Select(d => InputResolver.Resolve(d, _dir.Root)).ToList(), _dir.Root, CancellationToken.None);

    [Fact]
    public async Task Hash_FifoAndSocketInsideDirectory_AreSkippedAndReported_NotHashedAsEmpty()
    {
        _dir.Write("conf/a.conf", "a");
        SpecialFiles.Fifo(_dir.PathOf("conf/pipe"));
        using var socket = SpecialFiles.Socket(_dir.PathOf("conf/sub/control.sock"));
        var plain = await HashAsync("conf/a.conf");

        var hash = await HashAsync("conf/");

        Assert.Equal(["conf/a.conf"], hash.Files.Select(f => f.RelativePath));
        Assert.Equal(plain.Value, hash.Value);
        Assert.Equal(["conf/pipe", "conf/sub/control.sock"], hash.Skipped.Select(s => s.RelativePath));
        Assert.Contains("FIFO", hash.Skipped[0].Reason, StringComparison.Ordinal);
        Assert.Contains("socket", hash.Skipped[1].Reason, StringComparison.Ordinal);
        Assert.Equal(_dir.PathOf("conf/pipe"), hash.Skipped[0].HostPath);
    }

    [Fact]
    public async Task Hash_LinksToADeviceAndIntoProc_AreSkipped()
    {
        _dir.Write("conf/a.conf", "a");
        File.CreateSymbolicLink(_dir.PathOf("conf/random"), "/dev/urandom");
        File.CreateSymbolicLink(_dir.PathOf("conf/env"), "/proc/self/environ");

        var hash = await HashAsync("conf/");

        Assert.Equal(["conf/a.conf"], hash.Files.Select(f => f.RelativePath));
        var env = Assert.Single(hash.Skipped, s => s.RelativePath == "conf/env");
        Assert.Contains("proc", env.Reason, StringComparison.Ordinal);
        var random = Assert.Single(hash.Skipped, s => s.RelativePath == "conf/random");
        Assert.Contains("character device", random.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hash_FifoNamedDirectly_IsRefusedNamingThePath()
    {
        var fifo = SpecialFiles.Fifo(_dir.PathOf("conf/pipe"));
        var input = new InputSpec("conf/pipe", fifo, InputKind.File);

        // Past the resolver (e.g. the FIFO replaced a file after the registry was loaded): refused, never opened.
        var e = await Assert.ThrowsAsync<DriftlessException>(() => new ContentHasher().HashAsync([input], _dir.Root, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidInput, e.Kind);
        Assert.Contains("FIFO", e.Message, StringComparison.Ordinal);
        Assert.Contains(fifo, e.Message, StringComparison.Ordinal);
    }
}
