using System.Security.Cryptography;
using Driftless.Core.Registry;

namespace Driftless.Core.Hashing;

// TEMPORARY stand-in until the registry/hashing branch lands (replaced on merge).
public sealed class ContentHasher
{
    public async Task<ContentHash> HashAsync(IReadOnlyList<InputSpec> inputs, string baseDirectory, CancellationToken cancellationToken)
    {
        var files = new List<FileDigest>();
        foreach (var input in inputs)
        {
            var paths = input.Kind == InputKind.Directory
                ? Directory.EnumerateFiles(input.FullPath, "*", SearchOption.AllDirectories)
                : [input.FullPath];
            foreach (var path in paths)
            {
                var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
                files.Add(new FileDigest(Path.GetRelativePath(baseDirectory, path).Replace('\\', '/'), path, HashFormat.Format(SHA256.HashData(bytes))));
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return new ContentHash(HashFormat.Combine(files.Select(f => (f.RelativePath, f.Digest))), files);
    }
}
