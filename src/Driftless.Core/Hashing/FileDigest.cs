namespace Driftless.Core.Hashing;

/// <summary>One file's content digest.</summary>
/// <param name="RelativePath">Path relative to the registry directory, '/'-separated, no leading "./".</param>
/// <param name="HostPath">Absolute host path of the file.</param>
/// <param name="Digest"><c>sha256:&lt;hex&gt;</c> of the file's bytes.</param>
public sealed record FileDigest(string RelativePath, string HostPath, string Digest);
