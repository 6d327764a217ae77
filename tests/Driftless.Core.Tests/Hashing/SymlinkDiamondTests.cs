using System.Diagnostics;
using Driftless.Core.Errors;
using Driftless.Core.Hashing;
using Driftless.Core.Paths;
using Driftless.Core.Registry;
using TempDirectory = Driftless.Core.Tests.Registry.TempDirectory;

namespace Driftless.Core.Tests.Hashing;

/// <summary>Directories whose entries link twice to the next level: 2^N paths for N levels, no loop.</summary>
public sealed class SymlinkDiamondTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>conf/ links a and b to L1; L1 links a and b to L2; ... L<paramref name="levels"/> holds x.conf.</summary>
    private void Diamond(int levels)
    {
        _dir.Write($"levels/L{levels}/x.conf", "x");
        for (var level = 1; level < levels; level++)
        {
            _dir.Mkdir($"levels/L{level}");
            Directory.CreateSymbolicLink(_dir.PathOf($"levels/L{level}/a"), $"../L{level + 1}");
            Directory.CreateSymbolicLink(_dir.PathOf($"levels/L{level}/b"), $"../L{level + 1}");
        }

        _dir.Mkdir("conf");
        Directory.CreateSymbolicLink(_dir.PathOf("conf/a"), "../levels/L1");
        Directory.CreateSymbolicLink(_dir.PathOf("conf/b"), "../levels/L1");
    }

    private Task<ContentHash> HashAsync(string declared) =>
        new ContentHasher().HashAsync([InputResolver.Resolve(declared, _dir.Root)], _dir.Root, CancellationToken.None);

    [Fact]
    public async Task Hash_SmallDiamond_HashesEveryPathAProcessCouldRead()
    {
        Diamond(3);

        var hash = await HashAsync("conf/");

        Assert.Equal(
            ["conf/a/a/a/x.conf", "conf/a/a/b/x.conf", "conf/a/b/a/x.conf", "conf/a/b/b/x.conf", "conf/b/a/a/x.conf", "conf/b/a/b/x.conf", "conf/b/b/a/x.conf", "conf/b/b/b/x.conf"],
            hash.Files.Select(f => f.RelativePath));
    }

    [Fact]
    public async Task Hash_DeepDiamond_FailsFast_NamingADirectoryReachedTwice()
    {
        // 24 levels: 16 million paths. The walk gives up after a bounded number of second visits.
        Diamond(24);
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<DriftlessException>(() => HashAsync("conf/"));

        // A hang bound, not a performance threshold: unbounded, this walk does not end.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
        Assert.Equal(ErrorKind.InvalidInput, e.Kind);
        Assert.Contains("input 'conf/'", e.Message, StringComparison.Ordinal);
        Assert.Contains("reach the same directories again and again", e.Message, StringComparison.Ordinal);
        Assert.Contains($"more than {WalkLimits.MaxRevisitedEntries} entries", e.Message, StringComparison.Ordinal);
        // The first directory found reached a second time: the deepest level, through the last link of the chain.
        Assert.Contains($"{_dir.PathOf("levels/L24")} is reached as {_dir.PathOf("conf/a")}/", e.Message, StringComparison.Ordinal);
        Assert.Contains(string.Concat(Enumerable.Repeat("/a", 22)) + "/b", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hash_ManyDirectoriesLinkingOneSharedDirectory_IsWithinTheBound()
    {
        // A legitimate layout: 50 sites, each linking the same shared snippets (50 second visits of 20 files).
        for (var i = 0; i < 20; i++)
        {
            _dir.Write($"conf/shared/s{i:D2}.conf", "s");
        }

        for (var site = 0; site < 50; site++)
        {
            _dir.Write($"conf/sites/{site:D2}/site.conf", "x");
            Directory.CreateSymbolicLink(_dir.PathOf($"conf/sites/{site:D2}/shared"), "../../shared");
        }

        var hash = await HashAsync("conf/");

        Assert.Equal(20 + (50 * 21), hash.Files.Count);
    }

    [Fact]
    public async Task Hash_TreeNestedDeeperThanTheLimit_FailsNamingThePath()
    {
        var deep = string.Join('/', Enumerable.Range(0, WalkLimits.MaxDepth).Select(i => "d"));
        _dir.Write($"conf/{deep}/x.conf", "x");

        var e = await Assert.ThrowsAsync<DriftlessException>(() => HashAsync("conf/"));

        Assert.Equal(ErrorKind.InvalidInput, e.Kind);
        Assert.Contains($"nested more than {WalkLimits.MaxDepth} levels deep", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hash_TreeAtTheDepthLimit_IsHashed()
    {
        // conf/d/.../d/x.conf with 39 directories: the file is at level 40, as deep as find -maxdepth 40 lists.
        var deep = string.Join('/', Enumerable.Range(0, WalkLimits.MaxDepth - 1).Select(i => "d"));
        _dir.Write($"conf/{deep}/x.conf", "x");

        var hash = await HashAsync("conf/");

        Assert.Equal($"conf/{deep}/x.conf", Assert.Single(hash.Files).RelativePath);
    }
}
