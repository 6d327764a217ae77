using Driftless.Core.Errors;
using Driftless.Core.Paths;
using Driftless.Core.Runtime;

namespace Driftless.Docker;

/// <summary>Reads through <c>/proc/&lt;pid&gt;/root</c> on the engine host: the process's own mount namespace, no exec.</summary>
internal sealed class ProcRootFileSystem(long pid) : IContainerFiles
{
    private readonly string root = $"/proc/{pid}/root";

    public ObservationMethod Method => ObservationMethod.ProcRoot;

    /// <summary>
    /// Whether <paramref name="pid"/> on this host is the container's process: a remote engine's pid
    /// may name an unrelated local process, so its cgroup must name the container.
    /// </summary>
    public static bool IsUsable(long pid, string containerId)
    {
        if (pid <= 0 || !OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var cgroup = File.ReadAllText($"/proc/{pid}/cgroup");
            if (!cgroup.Contains(containerId, StringComparison.Ordinal))
            {
                return false;
            }

            using var entries = Directory.EnumerateFileSystemEntries($"/proc/{pid}/root/").GetEnumerator();
            _ = entries.MoveNext();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        var hostPath = Resolve(path);
        if (hostPath is null || !UnixFileStat.TryGet(hostPath, followSymlinks: false, out var status) || !status.IsRegularFile)
        {
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            return Task.FromResult<Stream?>(new FileStream(hostPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        var resolved = Resolve(directory);
        if (resolved is not null && UnixFileStat.TryGet(resolved, followSymlinks: false, out var status) && status.IsDirectory)
        {
            var start = directory.Length > 1 ? directory.TrimEnd('/') : directory;
            new Walker(this, start, found, cancellationToken).Walk(start, resolved, depth: 0);
        }

        found.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(found);
    }

    public Task<IReadOnlyDictionary<string, FileIdentity>> IdentifyAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var identities = new Dictionary<string, FileIdentity>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Resolve(path) is { } hostPath && UnixFileStat.Identity(hostPath) is { } identity)
            {
                identities[path] = identity;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, FileIdentity>>(identities);
    }

    /// <summary>The host path reaching <paramref name="containerPath"/> with every symlink resolved inside the container.</summary>
    private string? Resolve(string containerPath) =>
        RealPath.Resolve(containerPath, ReadLink) is { } resolved ? root + resolved : null;

    private string? ReadLink(string containerPath)
    {
        var hostPath = root + containerPath;
        if (!UnixFileStat.TryGet(hostPath, followSymlinks: false, out var status) || !status.IsSymlink)
        {
            return null;
        }

        try
        {
            return new FileInfo(hostPath).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Every path the process could read, within <see cref="WalkLimits"/> (the host's hasher walks the same way):
    /// a symlink back to a directory on the current path is a loop and is not followed; a directory reached
    /// again through another path is walked again, but only so often.
    /// </summary>
    private sealed class Walker(ProcRootFileSystem files, string root, List<string> found, CancellationToken cancellationToken)
    {
        private readonly HashSet<FileIdentity> _ancestors = [];
        private readonly HashSet<FileIdentity> _walked = [];
        private int _revisited;

        public void Walk(string containerDirectory, string hostDirectory, int depth)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (depth >= WalkLimits.MaxDepth || UnixFileStat.Identity(hostDirectory) is not { } identity || !_ancestors.Add(identity))
            {
                return;
            }

            var again = !_walked.Add(identity);
            try
            {
                WalkEntries(containerDirectory, hostDirectory, again, depth);
            }
            finally
            {
                _ancestors.Remove(identity);
            }
        }

        private void WalkEntries(string containerDirectory, string hostDirectory, bool again, int depth)
        {
            List<string> names;
            try
            {
                names = Directory.EnumerateFileSystemEntries(hostDirectory).Select(Path.GetFileName).OfType<string>().ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }

            foreach (var name in names)
            {
                if (again && ++_revisited > WalkLimits.MaxRevisitedEntries)
                {
                    throw new DriftlessException(
                        ErrorKind.InvalidInput,
                        $"symlinks under {root} reach the same directories again and again (more than {WalkLimits.MaxRevisitedEntries} entries walked a second time, e.g. {containerDirectory})");
                }

                var containerPath = containerDirectory == "/" ? "/" + name : containerDirectory + "/" + name;
                if (files.Resolve(containerPath) is not { } hostPath || !UnixFileStat.TryGet(hostPath, followSymlinks: false, out var status))
                {
                    continue;
                }

                if (status.IsDirectory)
                {
                    Walk(containerPath, hostPath, depth + 1);
                }
                else if (status.IsRegularFile)
                {
                    found.Add(containerPath);
                }
            }
        }
    }
}
