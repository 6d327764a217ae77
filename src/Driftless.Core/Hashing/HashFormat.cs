using System.Security.Cryptography;
using System.Text;

namespace Driftless.Core.Hashing;

/// <summary>
/// The one definition of a service hash (documented in the README):
/// SHA-256 over, for every entry sorted ordinally by relative path,
/// the UTF-8 bytes of <c>relativePath NUL hexDigest LF</c>; printed <c>sha256:&lt;hex&gt;</c>.
/// The same function hashes what the host holds and what a container's process sees,
/// so the two are comparable.
/// </summary>
public static class HashFormat
{
    public const string Prefix = "sha256:";

    private const int StreamBufferSize = 1 << 16;

    public static string Combine(IEnumerable<(string RelativePath, string Digest)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, digest) in entries.OrderBy(e => e.RelativePath, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(path));
            sha.AppendData([0]);
            sha.AppendData(Encoding.ASCII.GetBytes(StripPrefix(digest)));
            sha.AppendData([(byte)'\n']);
        }

        return Format(sha.GetHashAndReset());
    }

    public static string Format(ReadOnlySpan<byte> sha256) => Prefix + Convert.ToHexStringLower(sha256);

    /// <summary>The digest of a byte buffer, formatted.</summary>
    public static string Digest(ReadOnlySpan<byte> content) => Format(SHA256.HashData(content));

    /// <summary>The digest of a stream read to its end, formatted; memory stays flat whatever its length.</summary>
    /// <remarks>
    /// Reads in 64 KiB steps (the BCL's stream hashing reads 4 KiB at a time): a stream that allocates per read,
    /// such as an exec's multiplexed output, then makes a sixteenth of the garbage.
    /// </remarks>
    public static async Task<string> DigestAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(StreamBufferSize);
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, StreamBufferSize), cancellationToken)) > 0)
            {
                sha.AppendData(buffer, 0, read);
            }

            return Format(sha.GetHashAndReset());
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A short form for tables: <c>sha256:1a2b3c4d5e6f</c>.</summary>
    public static string Short(string? hash) =>
        hash is null ? "-" : hash.Length > Prefix.Length + 12 ? hash[..(Prefix.Length + 12)] : hash;

    private static string StripPrefix(string digest) =>
        digest.StartsWith(Prefix, StringComparison.Ordinal) ? digest[Prefix.Length..] : digest;
}
