namespace Driftless.Core.Hashing;

/// <summary>The hash of a service's inputs plus the per-file digests it was built from (sorted by path).</summary>
/// <param name="Value"><c>sha256:&lt;hex&gt;</c>; see <see cref="HashFormat.Combine"/>.</param>
/// <param name="Files">Per-file digests, sorted ordinally by <see cref="FileDigest.RelativePath"/>.</param>
public sealed record ContentHash(string Value, IReadOnlyList<FileDigest> Files);
