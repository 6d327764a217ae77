using System.Security.Cryptography;
using System.Text;
using Driftless.Core.Hashing;
using Driftless.Core.Registry;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Hashing;

public sealed class KeyedHashTests : IDisposable
{
    private readonly HostFiles _host = new();
    private readonly HashKey _key = new(RandomNumberGenerator.GetBytes(HashKey.Length));

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task SecretFile_GetsKeyedDigest_NotItsPlainSha256()
    {
        var path = _host.Write("secrets/db.pass", "hunter2");
        var hash = await new ContentHasher().HashAsync([Secret("secrets/db.pass", path)], _host.Root, _key, CancellationToken.None);

        var digest = Assert.Single(hash.Files).Digest;
        Assert.StartsWith($"hmac-sha256:{_key.Id}:", digest, StringComparison.Ordinal);
        Assert.Equal(_key.Digest(Encoding.UTF8.GetBytes("hunter2")), digest);
        var plain = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("hunter2")));
        Assert.DoesNotContain(plain, digest, StringComparison.Ordinal);
        Assert.DoesNotContain(plain, hash.Value, StringComparison.Ordinal);
        Assert.Same(_key, hash.Key);
    }

    [Fact]
    public async Task SecretDirectory_KeysEveryFileInside_PlainInputStaysPlain()
    {
        _host.Write("secrets/a", "one");
        _host.Write("secrets/sub/b", "two");
        var plainPath = _host.Write("configs/app.conf", "three");
        var inputs = new[]
        {
            new InputSpec("secrets/", _host.PathOf("secrets"), InputKind.Directory) { Secret = true },
            new InputSpec("configs/app.conf", plainPath, InputKind.File),
        };

        var hash = await new ContentHasher().HashAsync(inputs, _host.Root, _key, CancellationToken.None);

        Assert.Equal(["configs/app.conf", "secrets/a", "secrets/sub/b"], hash.Files.Select(f => f.RelativePath));
        Assert.StartsWith("sha256:", hash.Files[0].Digest, StringComparison.Ordinal);
        Assert.All(hash.Files.Skip(1), f => Assert.True(HashKey.IsKeyed(f.Digest)));
        Assert.StartsWith("sha256:", hash.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyedDigest_Changes_WhenTheFileChanges_AndWhenTheKeyChanges()
    {
        var path = _host.Write("secrets/db.pass", "hunter2");
        var inputs = new[] { Secret("secrets/db.pass", path) };
        var before = await new ContentHasher().HashAsync(inputs, _host.Root, _key, CancellationToken.None);
        _host.Write("secrets/db.pass", "hunter3");
        var changed = await new ContentHasher().HashAsync(inputs, _host.Root, _key, CancellationToken.None);
        var otherKey = new HashKey(RandomNumberGenerator.GetBytes(HashKey.Length));
        var rekeyed = await new ContentHasher().HashAsync(inputs, _host.Root, otherKey, CancellationToken.None);

        Assert.NotEqual(before.Value, changed.Value);
        Assert.NotEqual(before.Files[0].Digest, changed.Files[0].Digest);
        Assert.NotEqual(changed.Files[0].Digest, rekeyed.Files[0].Digest);
        Assert.Equal(otherKey.Id, HashKey.IdOf(rekeyed.Files[0].Digest));
    }

    [Fact]
    public async Task LargeAndEmptySecretFiles_AreKeyedLikeBuffersOfTheSameBytes()
    {
        var big = new byte[(3 << 20) + 17];
        new Random(7).NextBytes(big);
        var bigPath = _host.PathOf("secrets/big");
        Directory.CreateDirectory(Path.GetDirectoryName(bigPath)!);
        await File.WriteAllBytesAsync(bigPath, big);
        var emptyPath = _host.Write("secrets/empty", string.Empty);
        var inputs = new[] { Secret("secrets/big", bigPath), Secret("secrets/empty", emptyPath) };

        var hash = await new ContentHasher().HashAsync(inputs, _host.Root, _key, CancellationToken.None);
        using var stream = new MemoryStream(big);

        Assert.Equal(_key.Digest(big), hash.Files[0].Digest);
        Assert.Equal(await _key.DigestAsync(stream, CancellationToken.None), hash.Files[0].Digest);
        Assert.Equal(_key.Digest([]), hash.Files[1].Digest);
    }

    [Fact]
    public async Task SecretInput_WithoutKey_IsRefused_SoNoPlainDigestIsEverComputed()
    {
        var path = _host.Write("secrets/db.pass", "hunter2");
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new ContentHasher().HashAsync([Secret("secrets/db.pass", path)], _host.Root, CancellationToken.None));
    }

    private static InputSpec Secret(string declared, string path) => new(declared, path, InputKind.File) { Secret = true };
}
