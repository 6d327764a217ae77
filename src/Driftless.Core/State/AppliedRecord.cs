using Driftless.Core.Hashing;

namespace Driftless.Core.State;

/// <summary>The last verified state of a service: what the running process was proven to see.</summary>
/// <param name="Service">Service name.</param>
/// <param name="Hash">The verified content hash.</param>
/// <param name="Files">Per-file digests at that point (relative path and digest), to name what changed since.</param>
/// <param name="ContainerId">The container verified.</param>
/// <param name="Mode">The mode recorded (apply mode name, or "adopted").</param>
/// <param name="AppliedAt">When verification passed.</param>
public sealed record AppliedRecord(
    string Service,
    string Hash,
    IReadOnlyList<RecordedDigest> Files,
    string? ContainerId,
    string Mode,
    DateTimeOffset AppliedAt)
{
    /// <summary>For a managed service: the spec hash the recorded container was created from.</summary>
    public string? SpecHash { get; init; }
}
