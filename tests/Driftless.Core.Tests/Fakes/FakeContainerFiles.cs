using Driftless.Core.Paths;
using Driftless.Core.Runtime;

namespace Driftless.Core.Tests.Fakes;

/// <summary>
/// A fake container's file system: its bind mounts over the real host files. A directory mount shows the host
/// directory live; a single-file mount shows the inode the file had when the container started, so after the
/// host file is replaced by rename the process keeps seeing the old bytes — as the kernel does. Paths no mount
/// covers do not exist (the fake image holds no files).
/// </summary>
internal sealed class FakeContainerFiles(RuntimeContainer container, IReadOnlyDictionary<string, PinnedFile> pins) : IContainerFiles
{
    public ObservationMethod Method => ObservationMethod.ProcRoot;

    public Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        if (HostPathOf(directory) is { } hostDirectory && Directory.Exists(hostDirectory))
        {
            var prefix = directory.TrimEnd('/');
            found.AddRange(Directory.EnumerateFiles(hostDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Select(f => prefix + "/" + Path.GetRelativePath(hostDirectory, f).Replace('\\', '/')));
        }

        found.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(found);
    }

    public Task<IReadOnlyDictionary<string, FileIdentity>> IdentifyAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var identities = new Dictionary<string, FileIdentity>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (StalePin(path) is { } pin)
            {
                identities[path] = pin.Identity;
            }
            else if (HostPathOf(path) is { } host && UnixFileStat.Identity(host) is { } identity)
            {
                identities[path] = identity;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, FileIdentity>>(identities);
    }

    public Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        if (StalePin(path) is { } pin)
        {
            return Task.FromResult<Stream?>(new MemoryStream(pin.Content, writable: false));
        }

        var host = HostPathOf(path);
        return Task.FromResult<Stream?>(host is not null && File.Exists(host) ? File.OpenRead(host) : null);
    }

    /// <summary>The pin of a single-file mount whose host path now holds another inode.</summary>
    private PinnedFile? StalePin(string path) =>
        pins.TryGetValue(path, out var pin) && UnixFileStat.Identity(pin.HostPath) != pin.Identity ? pin : null;

    private string? HostPathOf(string containerPath)
    {
        MountInfo? best = null;
        foreach (var mount in container.Mounts)
        {
            var destination = mount.Destination.TrimEnd('/');
            if ((containerPath == destination || containerPath.StartsWith(destination + "/", StringComparison.Ordinal))
                && (best is null || destination.Length > best.Destination.TrimEnd('/').Length))
            {
                best = mount;
            }
        }

        return best is null ? null : best.Source + containerPath[best.Destination.TrimEnd('/').Length..];
    }
}

/// <summary>A single-file bind mount as it was when the container started: the inode and the bytes it held.</summary>
internal sealed record PinnedFile(string HostPath, FileIdentity Identity, byte[] Content);
