using System.Security.Cryptography;
using System.Text;

namespace Driftless.Configuration.Sources;

/// <summary>Content hashes in the <c>sha256:&lt;hex&gt;</c> form carried by <see cref="ConfigSnapshot.Hash"/>.</summary>
internal static class ConfigHash
{
    private const string Prefix = "sha256:";

    public static string Of(ReadOnlySpan<byte> content)
        => Prefix + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Hash of several layer hashes; order matters because later layers win.</summary>
    public static string Combine(IEnumerable<string> layerHashes)
    {
        ArgumentNullException.ThrowIfNull(layerHashes);
        // Newline-separated: hashes never contain '\n', so distinct sequences never collide textually.
        var joined = string.Join('\n', layerHashes);
        return Of(Encoding.UTF8.GetBytes(joined));
    }
}
