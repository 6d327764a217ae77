namespace Driftless.Core.State;

/// <summary>A file digest as stored: relative path and <c>sha256:&lt;hex&gt;</c>.</summary>
public sealed record RecordedDigest(string Path, string Digest);
