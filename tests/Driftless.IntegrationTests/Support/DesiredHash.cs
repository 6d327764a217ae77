using Driftless.Core.Hashing;

namespace Driftless.IntegrationTests.Support;

/// <summary>The desired <see cref="ContentHash"/> of host files, built with the one <see cref="HashFormat"/>.</summary>
public static class DesiredHash
{
    public static ContentHash Of(string baseDirectory, IEnumerable<string> hostFiles)
    {
        var files = hostFiles
            .Select(path => new FileDigest(
                Path.GetRelativePath(baseDirectory, path).Replace('\\', '/'),
                path,
                HashFormat.Digest(File.ReadAllBytes(path))))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToList();
        return new ContentHash(HashFormat.Combine(files.Select(f => (f.RelativePath, f.Digest))), files);
    }

    /// <summary>Every regular file under <paramref name="directory"/>, recursively.</summary>
    public static ContentHash OfDirectory(string baseDirectory, string directory) =>
        Of(baseDirectory, Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories));

    public static string DigestOf(string content) => HashFormat.Digest(System.Text.Encoding.UTF8.GetBytes(content));
}
