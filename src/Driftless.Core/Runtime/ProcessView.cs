using Driftless.Core.Hashing;

namespace Driftless.Core.Runtime;

/// <summary>What a container's process sees of a service's inputs.</summary>
/// <param name="Files">Every file found through the covering mounts, sorted by relative path.</param>
/// <param name="UncoveredInputs">Declared inputs no mount of the container covers (cannot be verified).</param>
/// <param name="Method">How it was read.</param>
public sealed record ProcessView(
    IReadOnlyList<SeenFile> Files,
    IReadOnlyList<string> UncoveredInputs,
    ObservationMethod Method)
{
    /// <summary>
    /// The hash of what the process sees, comparable with the desired hash; null when an input is
    /// not mounted (nothing can be claimed about it).
    /// </summary>
    public string? Hash => UncoveredInputs.Count > 0
        ? null
        : HashFormat.Combine(Files.Where(f => f.Digest is not null).Select(f => (f.RelativePath, f.Digest!)));

    public bool AnyPinned => Files.Any(f => f.PinnedInode);
}
