using Driftless.Core.Paths;
using Driftless.Core.Runtime;

namespace Driftless.Core.Observation;

/// <summary>
/// A container's mounts keyed by their host sources, symlinks resolved: which mount a host path reaches the
/// container through (the longest covering source wins, as in the kernel's mount table), and where it lands.
/// </summary>
internal sealed class BindMounts
{
    private readonly List<HostMount> _mounts;

    private BindMounts(List<HostMount> mounts) => _mounts = mounts;

    public static BindMounts Of(IReadOnlyList<MountInfo> mounts) => new(mounts
        .Where(m => m.Source.Length > 0 && m.Destination.Length > 0)
        .Select(m => new HostMount(m, RealPath.TryResolve(m.Source) ?? Path.GetFullPath(m.Source)))
        .ToList());

    /// <summary>The mount through which <paramref name="realHostPath"/> (symlinks resolved) is visible; null when none covers it.</summary>
    public HostMount? Covering(string realHostPath)
    {
        HostMount? best = null;
        foreach (var mount in _mounts)
        {
            if (Covers(mount.Source, realHostPath) && (best is null || mount.Source.Length > best.Source.Length))
            {
                best = mount;
            }
        }

        return best;
    }

    /// <summary>Mounts whose sources lie strictly inside <paramref name="realHostDirectory"/> (a directory served file by file).</summary>
    public IEnumerable<HostMount> Inside(string realHostDirectory) =>
        _mounts.Where(m => !string.Equals(m.Source, realHostDirectory, StringComparison.Ordinal) && Covers(realHostDirectory, m.Source));

    /// <summary>The container path at which the process sees <paramref name="hostPath"/>; null when no mount covers it.</summary>
    public string? ToContainerPath(string hostPath) => Resolve(hostPath)?.ContainerPath;

    /// <summary>The mount <paramref name="hostPath"/> reaches the container through, and the path it lands at; null when none covers it.</summary>
    public (HostMount Via, string ContainerPath)? Resolve(string hostPath)
    {
        var real = RealPath.TryResolve(hostPath) ?? Path.GetFullPath(hostPath);
        if (Covering(real) is not { } mount)
        {
            return null;
        }

        var remainder = real[mount.Source.Length..].TrimStart('/');
        var destination = Destination(mount);
        return (mount, remainder.Length == 0 ? destination : destination == "/" ? "/" + remainder : destination + "/" + remainder);
    }

    /// <summary>
    /// Another mount lands deeper on <paramref name="containerPath"/> than <paramref name="via"/>: the process sees
    /// that mount's file there, not the one <paramref name="via"/> brings (a different file, not a pinned one).
    /// </summary>
    public bool IsShadowed(string containerPath, HostMount via)
    {
        var depth = Destination(via).Length;
        return _mounts.Any(m => !ReferenceEquals(m, via) && Destination(m).Length > depth && Covers(Destination(m), containerPath));
    }

    private static string Destination(HostMount mount) =>
        mount.Mount.Destination.Length > 1 ? mount.Mount.Destination.TrimEnd('/') : mount.Mount.Destination;

    /// <summary>Whether <paramref name="path"/> is <paramref name="directory"/> or lies under it (both absolute, symlinks resolved).</summary>
    public static bool Covers(string directory, string path) =>
        directory == "/" || string.Equals(directory, path, StringComparison.Ordinal) || path.StartsWith(directory + "/", StringComparison.Ordinal);
}

/// <summary>A mount and its host source with symlinks resolved.</summary>
internal sealed record HostMount(MountInfo Mount, string Source);
