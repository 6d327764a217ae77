using Driftless.Core.Runtime;

namespace Driftless.Docker;

/// <summary>Maps a host path to the path the container sees through the covering mount.</summary>
internal static class MountResolver
{
    /// <returns>The container path, or null when no mount covers <paramref name="hostPath"/>.</returns>
    public static string? ToContainerPath(string hostPath, IReadOnlyList<MountInfo> mounts)
    {
        var real = HostPaths.RealPath(hostPath);
        MountInfo? best = null;
        var bestSource = string.Empty;
        foreach (var mount in mounts)
        {
            if (string.IsNullOrEmpty(mount.Source) || string.IsNullOrEmpty(mount.Destination))
            {
                continue;
            }

            var source = HostPaths.RealPath(mount.Source);
            if (Covers(source, real) && (best is null || source.Length > bestSource.Length))
            {
                best = mount;
                bestSource = source;
            }
        }

        if (best is null)
        {
            return null;
        }

        var remainder = real[bestSource.Length..].TrimStart('/');
        var destination = best.Destination.Length > 1 ? best.Destination.TrimEnd('/') : best.Destination;
        return remainder.Length == 0 ? destination : destination == "/" ? "/" + remainder : destination + "/" + remainder;
    }

    private static bool Covers(string source, string path)
    {
        if (source == "/")
        {
            return true;
        }

        return string.Equals(source, path, StringComparison.Ordinal)
            || path.StartsWith(source + "/", StringComparison.Ordinal);
    }
}
