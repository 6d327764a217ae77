namespace Driftless.Core.Hashing;

/// <summary>The hash of a service's inputs plus the per-file digests it was built from (sorted by path).</summary>
/// <param name="Value"><c>sha256:&lt;hex&gt;</c>; see <see cref="HashFormat.Combine"/>.</param>
/// <param name="Files">Per-file digests, sorted ordinally by <see cref="FileDigest.RelativePath"/>.</param>
public sealed record ContentHash(string Value, IReadOnlyList<FileDigest> Files)
{
    /// <summary>
    /// Entries inside input directories that are not hashed (FIFOs, sockets, devices, pseudo-file-system files),
    /// sorted by path. The container side leaves the same paths out, so both sides compare alike.
    /// </summary>
    public IReadOnlyList<SkippedEntry> Skipped { get; init; } = [];

    /// <summary>
    /// The key secret files were hashed under (null when no input is secret): the container side hashes what the
    /// process sees of those files under the same key, so the two compare.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public HashKey? Key { get; init; }
}
