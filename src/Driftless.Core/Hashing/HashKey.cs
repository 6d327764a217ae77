using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Driftless.Core.Hashing;

/// <summary>
/// The per-state-directory key secret inputs are hashed under (HMAC-SHA256), so no output ever carries a plain
/// SHA-256 of a secret file: a low-entropy secret's plain hash can be brute-forced, its keyed hash cannot
/// without the key. A keyed digest reads <c>hmac-sha256:&lt;key id&gt;:&lt;hex&gt;</c>: the key id (8 hex
/// digits derived from the key, revealing nothing of it) says which key made it, so a recorded digest made
/// under an earlier key is recognised as such after a key change instead of being read as a content change.
/// </summary>
public sealed class HashKey
{
    public const string Prefix = "hmac-sha256:";

    /// <summary>The key length in bytes.</summary>
    public const int Length = 32;

    private const int StreamBufferSize = 1 << 16;

    private readonly byte[] _key;

    public HashKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != Length)
        {
            throw new ArgumentException($"a hash key is {Length} bytes, not {key.Length}", nameof(key));
        }

        _key = key.ToArray();
        Id = Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes("driftless hash key id")).AsSpan(0, 4));
    }

    /// <summary>Names the key in the digests it makes; derived from the key one way.</summary>
    public string Id { get; }

    /// <summary>Whether <paramref name="digest"/> is a keyed digest.</summary>
    public static bool IsKeyed(string? digest) => digest is not null && digest.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The id of the key a keyed digest was made under, or null for a plain digest.</summary>
    public static string? IdOf(string? digest)
    {
        if (!IsKeyed(digest))
        {
            return null;
        }

        var colon = digest!.IndexOf(':', Prefix.Length);
        return colon < 0 ? null : digest[Prefix.Length..colon];
    }

    public string Digest(ReadOnlySpan<byte> content) => Format(HMACSHA256.HashData(_key, content));

    /// <summary>An incremental HMAC under this key, for files read in pieces.</summary>
    public IncrementalHash CreateIncremental() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);

    public string Format(ReadOnlySpan<byte> mac) => $"{Prefix}{Id}:{Convert.ToHexStringLower(mac)}";

    /// <summary>The keyed digest of a stream read to its end; memory stays flat whatever its length.</summary>
    public async Task<string> DigestAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var buffer = ArrayPool<byte>.Shared.Rent(StreamBufferSize);
        try
        {
            using var mac = CreateIncremental();
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, StreamBufferSize), cancellationToken)) > 0)
            {
                mac.AppendData(buffer, 0, read);
            }

            return Format(mac.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
