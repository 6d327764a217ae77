namespace Driftless.Core.Hashing;

/// <summary>An entry of an input directory that is not hashed, and why.</summary>
/// <param name="RelativePath">Same form as <see cref="FileDigest.RelativePath"/>.</param>
/// <param name="HostPath">Absolute host path as reached from the input.</param>
/// <param name="Reason">E.g. "FIFO: not a regular file".</param>
public sealed record SkippedEntry(string RelativePath, string HostPath, string Reason);
