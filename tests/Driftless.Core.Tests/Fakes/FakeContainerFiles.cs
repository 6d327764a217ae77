using Driftless.Core.Paths;
using Driftless.Core.Runtime;
using Microsoft.Win32.SafeHandles;

namespace Driftless.Core.Tests.Fakes;

/// <summary>
/// A fake container's file system: its bind mounts over the real host files. A directory mount shows the host
/// directory live; a single-file mount shows the inode the file had when the container started, so after the
/// host file is replaced by rename the process keeps seeing the old bytes — as the kernel does. Where mounts
/// nest, the longest destination shadows the shorter ones at its path, as in a mount namespace. Paths no mount
/// covers do not exist (the fake image holds no files).
/// </summary>
internal sealed class FakeContainerFiles(RuntimeContainer container, IReadOnlyDictionary<string, PinnedFile> pins) : IContainerFiles
{
    public ObservationMethod Method => ObservationMethod.ProcRoot;

    public Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken)
    {
        var root = directory.TrimEnd('/');
        var candidates = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var mount in container.Mounts)
        {
            var destination = mount.Destination.TrimEnd('/');
            if (Covers(destination, root))
            {
                AddFiles(candidates, mount.Source + root[destination.Length..], root);
            }
            else if (Covers(root, destination))
            {
                // A mount nested inside the directory: its files are part of what the process lists there.
                if (pins.ContainsKey(mount.Destination))
                {
                    candidates.Add(destination);
                }
                else
                {
                    AddFiles(candidates, mount.Source, destination);
                }
            }
        }

        // A file listed through one mount may be hidden by a longer one at its path (e.g. an empty directory mounted over it).
        return Task.FromResult<IReadOnlyList<string>>(candidates.Where(Exists).ToList());
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
            else if (HostPathOf(container.Mounts, path) is { } host && UnixFileStat.Identity(host) is { } identity)
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
            return Task.FromResult<Stream?>(new MemoryStream(pin.Read(), writable: false));
        }

        // As the real adapters: only a regular file is read (opening a FIFO would wait for a writer).
        var host = HostPathOf(container.Mounts, path);
        return Task.FromResult<Stream?>(host is not null && IsRegularFile(host) ? File.OpenRead(host) : null);
    }

    /// <summary>The host path a container path resolves to: through the mount with the longest destination covering it.</summary>
    public static string? HostPathOf(IReadOnlyList<MountInfo> mounts, string containerPath)
    {
        MountInfo? best = null;
        foreach (var mount in mounts)
        {
            var destination = mount.Destination.TrimEnd('/');
            if (Covers(destination, containerPath) && (best is null || destination.Length > best.Destination.TrimEnd('/').Length))
            {
                best = mount;
            }
        }

        return best is null ? null : best.Source + containerPath[best.Destination.TrimEnd('/').Length..];
    }

    /// <summary>The pin of a single-file mount whose host path now holds another inode (or none).</summary>
    private PinnedFile? StalePin(string path) =>
        pins.TryGetValue(path, out var pin) && UnixFileStat.Identity(pin.HostPath) != pin.Identity ? pin : null;

    private bool Exists(string path) =>
        StalePin(path) is not null || (HostPathOf(container.Mounts, path) is { } host && IsRegularFile(host));

    /// <summary>What the real adapters list and read: regular files, symlinks followed (no FIFOs, sockets, devices).</summary>
    private static bool IsRegularFile(string hostPath) =>
        UnixFileStat.TryGet(hostPath, followSymlinks: true, out var status) ? status.IsRegularFile : File.Exists(hostPath);

    private static void AddFiles(SortedSet<string> candidates, string hostDirectory, string containerDirectory)
    {
        if (!Directory.Exists(hostDirectory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(hostDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            candidates.Add(containerDirectory + "/" + Path.GetRelativePath(hostDirectory, file).Replace('\\', '/'));
        }
    }

    private static bool Covers(string directory, string path) =>
        path == directory || path.StartsWith(directory + "/", StringComparison.Ordinal);
}

/// <summary>
/// A single-file bind mount as the container's process holds it: the inode its host path had when the container
/// started, kept open so it stays allocated — and its number cannot be reused by a later file — for as long as
/// the container lives, as the kernel keeps it for the mount.
/// </summary>
internal sealed class PinnedFile : IDisposable
{
    private readonly SafeFileHandle _handle;

    private PinnedFile(string hostPath, FileIdentity identity, SafeFileHandle handle) =>
        (HostPath, Identity, _handle) = (hostPath, identity, handle);

    public string HostPath { get; }

    public FileIdentity Identity { get; }

    public static PinnedFile? Open(string hostPath)
    {
        if (!File.Exists(hostPath))
        {
            return null;
        }

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(hostPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (UnauthorizedAccessException)
        {
            handle = File.OpenHandle(hostPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }

        if (UnixFileStat.Identity(hostPath) is not { } identity)
        {
            handle.Dispose();
            return null;
        }

        return new PinnedFile(hostPath, identity, handle);
    }

    /// <summary>The bytes of the pinned inode now.</summary>
    public byte[] Read()
    {
        var content = new byte[RandomAccess.GetLength(_handle)];
        var filled = 0;
        while (filled < content.Length)
        {
            var read = RandomAccess.Read(_handle, content.AsSpan(filled), filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return content[..filled];
    }

    /// <summary>Writes into the pinned inode in place (what a write inside the container does).</summary>
    public void Overwrite(byte[] content)
    {
        RandomAccess.SetLength(_handle, 0);
        RandomAccess.Write(_handle, content, 0);
    }

    public void Dispose() => _handle.Dispose();
}
