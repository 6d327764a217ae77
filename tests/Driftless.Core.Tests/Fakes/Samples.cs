using Driftless.Core.Hashing;
using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Fakes;

/// <summary>Builders for registry entries and hashes that need no files on disk.</summary>
internal static class Samples
{
    public static ServiceSpec Service(string name, ApplyMode mode = ApplyMode.Restart, string? container = null) =>
        new(name, container, [new InputSpec($"configs/{name}/", $"/srv/configs/{name}", InputKind.Directory)], mode, null, new VerifySpec(TimeSpan.Zero));

    public static ContentHash Hash(params (string Path, string Content)[] files)
    {
        var digests = files
            .Select(f => new FileDigest(f.Path, "/srv/" + f.Path, HashFormat.Digest(System.Text.Encoding.UTF8.GetBytes(f.Content))))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToList();
        return new ContentHash(HashFormat.Combine(digests.Select(d => (d.RelativePath, d.Digest))), digests);
    }

    public static IEnumerable<(string Path, string Digest)> Entries(ContentHash hash) =>
        hash.Files.Select(f => (f.RelativePath, f.Digest));

    public static DriftlessRegistry Registry(params ServiceSpec[] services) =>
        new("/srv/driftless.yaml", "/srv", "demo", ["/srv/docker-compose.yml"], "/srv/.driftless", services);
}
