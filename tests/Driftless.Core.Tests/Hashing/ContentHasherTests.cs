using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Driftless.Core.Errors;
using Driftless.Core.Hashing;
using Driftless.Core.Registry;
using Driftless.Core.Tests.Registry;

namespace Driftless.Core.Tests.Hashing;

public sealed class ContentHasherTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<ContentHash> HashAsync(params string[] declared) =>
        new ContentHasher().HashAsync(declared.Select(d => InputResolver.Resolve(d, _dir.Root)).ToList(), _dir.Root, CancellationToken.None);

    private static string Sha(string content) => Sha(Encoding.UTF8.GetBytes(content));

    private static string Sha(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    [Fact]
    public async Task Hash_MatchesHandComputationOfTheDocumentedAlgorithm()
    {
        _dir.Write("conf/b.yaml", "bee\n");
        _dir.Write("a.txt", "ay\n");

        var hash = await HashAsync("conf/", "a.txt");

        // sha256 over "path NUL hex LF" per file, sorted by path.
        var manifest = $"a.txt\0{Sha("ay\n")}\nconf/b.yaml\0{Sha("bee\n")}\n";
        Assert.Equal("sha256:" + Sha(manifest), hash.Value);
    }

    [Fact]
    public async Task Hash_ListsPerFileDigestsNamingEachFile_SortedByPath()
    {
        _dir.Write("z.conf", "z");
        _dir.Write("conf/b.yaml", "b");
        _dir.Write("conf/a.yaml", "a");

        var hash = await HashAsync("z.conf", "conf");

        Assert.Equal(["conf/a.yaml", "conf/b.yaml", "z.conf"], hash.Files.Select(f => f.RelativePath));
        Assert.Equal([_dir.PathOf("conf/a.yaml"), _dir.PathOf("conf/b.yaml"), _dir.PathOf("z.conf")], hash.Files.Select(f => f.HostPath));
        Assert.Equal("sha256:" + Sha("a"), hash.Files[0].Digest);
        Assert.Equal(HashFormat.Combine(hash.Files.Select(f => (f.RelativePath, f.Digest))), hash.Value);
    }

    [Fact]
    public async Task Hash_IsDeterministic()
    {
        _dir.Write("conf/a.yaml", "a");
        _dir.Write("conf/sub/b.yaml", "b");

        var first = await HashAsync("conf/");
        var second = await HashAsync("conf/");

        Assert.Equal(first.Value, second.Value);
        Assert.Equal(first.Files, second.Files);
    }

    [Fact]
    public async Task Hash_DoesNotDependOnDeclarationOrder()
    {
        _dir.Write("a.conf", "a");
        _dir.Write("b.conf", "b");
        _dir.Write("dir/c.conf", "c");

        var forward = await HashAsync("a.conf", "b.conf", "dir/");
        var backward = await HashAsync("dir/", "b.conf", "a.conf");

        Assert.Equal(forward.Value, backward.Value);
    }

    [Fact]
    public async Task Hash_ChangesWhenOneByteChanges()
    {
        var content = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();
        var path = _dir.WriteBytes("conf/data.bin", content);
        var before = await HashAsync("conf/");

        content[5_000] ^= 1;
        File.WriteAllBytes(path, content);
        var after = await HashAsync("conf/");

        Assert.NotEqual(before.Value, after.Value);
    }

    [Fact]
    public async Task Hash_ChangesWhenAFileIsRenamed()
    {
        _dir.Write("conf/a.yaml", "same");
        var before = await HashAsync("conf/");

        File.Move(_dir.PathOf("conf/a.yaml"), _dir.PathOf("conf/b.yaml"));
        var after = await HashAsync("conf/");

        Assert.NotEqual(before.Value, after.Value);
        Assert.Equal(before.Files[0].Digest, after.Files[0].Digest);
    }

    [Fact]
    public async Task Hash_IsUnchangedWhenIdenticalContentIsSavedAgain()
    {
        var path = _dir.Write("conf/a.yaml", "key: value\n");
        var before = await HashAsync("conf/");

        File.WriteAllText(path, "key: value\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5));
        var after = await HashAsync("conf/");

        Assert.Equal(before.Value, after.Value);
    }

    [Fact]
    public async Task Hash_RecursesIntoNestedDirectories()
    {
        _dir.Write("conf/a", "1");
        _dir.Write("conf/x/b", "2");
        _dir.Write("conf/x/y/z/c", "3");
        _dir.Mkdir("conf/empty");

        var hash = await HashAsync("conf/");

        Assert.Equal(["conf/a", "conf/x/b", "conf/x/y/z/c"], hash.Files.Select(f => f.RelativePath));
    }

    [Fact]
    public async Task Hash_FollowsSymlinkToFile_UnderTheLinkName()
    {
        _dir.Write("shared/real.conf", "real");
        _dir.Mkdir("conf");
        File.CreateSymbolicLink(_dir.PathOf("conf/link.conf"), "../shared/real.conf");

        var hash = await HashAsync("conf/");

        var file = Assert.Single(hash.Files);
        Assert.Equal("conf/link.conf", file.RelativePath);
        Assert.Equal(_dir.PathOf("conf/link.conf"), file.HostPath);
        Assert.Equal("sha256:" + Sha("real"), file.Digest);
    }

    [Fact]
    public async Task Hash_FollowsSymlinkToDirectory()
    {
        _dir.Write("shared/sites/a.caddy", "a");
        _dir.Mkdir("conf");
        Directory.CreateSymbolicLink(_dir.PathOf("conf/sites"), _dir.PathOf("shared/sites"));

        var hash = await HashAsync("conf/");

        Assert.Equal(["conf/sites/a.caddy"], hash.Files.Select(f => f.RelativePath));
    }

    [Fact]
    public async Task Hash_SameDirectoryLinkedTwice_IsNotALoop()
    {
        _dir.Write("conf/shared/a", "a");
        Directory.CreateSymbolicLink(_dir.PathOf("conf/one"), "shared");
        Directory.CreateSymbolicLink(_dir.PathOf("conf/two"), "shared");

        var hash = await HashAsync("conf/");

        Assert.Equal(["conf/one/a", "conf/shared/a", "conf/two/a"], hash.Files.Select(f => f.RelativePath));
    }

    [Fact]
    public async Task Hash_SymlinkLoopToAncestor_FailsFastNamingThePath()
    {
        _dir.Write("conf/sub/a", "a");
        Directory.CreateSymbolicLink(_dir.PathOf("conf/sub/back"), "..");
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<DriftlessException>(() => HashAsync("conf/"));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal(ErrorKind.InvalidInput, e.Kind);
        Assert.Contains("symlink loop", e.Message, StringComparison.Ordinal);
        Assert.Contains(_dir.PathOf("conf/sub/back"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hash_SymlinkCycleBetweenLinks_FailsFast()
    {
        _dir.Write("conf/a", "a");
        File.CreateSymbolicLink(_dir.PathOf("conf/ping"), "pong");
        File.CreateSymbolicLink(_dir.PathOf("conf/pong"), "ping");
        var input = new InputSpec("conf/", _dir.PathOf("conf"), InputKind.Directory);

        var e = await Assert.ThrowsAsync<DriftlessException>(() => new ContentHasher().HashAsync([input], _dir.Root, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidInput, e.Kind);
        Assert.Contains("symlink loop", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hash_DanglingSymlinkInsideDirectory_FailsNamingThePath()
    {
        _dir.Write("conf/a", "a");
        File.CreateSymbolicLink(_dir.PathOf("conf/gone"), "nowhere");
        var input = new InputSpec("conf/", _dir.PathOf("conf"), InputKind.Directory);

        var e = await Assert.ThrowsAsync<DriftlessException>(() => new ContentHasher().HashAsync([input], _dir.Root, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidInput, e.Kind);
        Assert.Contains(_dir.PathOf("conf/gone"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hash_UnreadableFile_FailsNamingThePath_WhenPermissionsAreEnforced()
    {
        var path = _dir.Write("conf/secret", "s");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(path, UnixFileMode.None);
        try
        {
            using var probe = File.OpenRead(path);

            // Running as root: mode 000 does not stop reads (the dangling-symlink test covers unreadable inputs).
            return;
        }
        catch (UnauthorizedAccessException)
        {
        }

        var input = new InputSpec("conf/", _dir.PathOf("conf"), InputKind.Directory);
        var e = await Assert.ThrowsAsync<DriftlessException>(() => new ContentHasher().HashAsync([input], _dir.Root, CancellationToken.None));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hash_OverlappingInputs_ListEachFileOnce()
    {
        _dir.Write("conf/a", "a");
        _dir.Write("conf/b", "b");

        var overlapping = await HashAsync("conf/", "conf/a", "./conf/b");
        var plain = await HashAsync("conf/");

        Assert.Equal(plain.Value, overlapping.Value);
        Assert.Equal(2, overlapping.Files.Count);
    }

    [Fact]
    public async Task Hash_LargeAndEmptyFiles_MatchSha256OfTheirBytes()
    {
        var large = new byte[(3 << 20) + 7];
        new Random(42).NextBytes(large);
        _dir.WriteBytes("conf/large.bin", large);
        _dir.WriteBytes("conf/empty", []);

        var hash = await HashAsync("conf/");

        Assert.Equal("sha256:" + Sha([]), hash.Files.Single(f => f.RelativePath == "conf/empty").Digest);
        Assert.Equal("sha256:" + Sha(large), hash.Files.Single(f => f.RelativePath == "conf/large.bin").Digest);
    }

    [Fact]
    public async Task Hash_FileOutsideBaseDirectory_HasDotDotRelativePath()
    {
        using var other = new TempDirectory();
        var outside = other.Write("x.conf", "x");
        var input = InputResolver.Resolve(outside, _dir.Root);

        var hash = await new ContentHasher().HashAsync([input], _dir.Root, CancellationToken.None);

        Assert.Equal(Path.GetRelativePath(_dir.Root, outside), hash.Files[0].RelativePath);
        Assert.StartsWith("../", hash.Files[0].RelativePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hash_ManyFiles_MatchesSequentialComputation()
    {
        var expected = new List<(string, string)>();
        for (var i = 0; i < 300; i++)
        {
            var relative = $"conf/d{i % 7}/f{i:D3}";
            var content = new string('x', i * 13);
            _dir.Write(relative, content);
            expected.Add((relative, HashFormat.Digest(Encoding.UTF8.GetBytes(content))));
        }

        var hash = await HashAsync("conf/");

        Assert.Equal(HashFormat.Combine(expected), hash.Value);
        Assert.Equal(300, hash.Files.Count);
    }
}
