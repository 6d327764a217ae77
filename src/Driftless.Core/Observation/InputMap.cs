using Driftless.Core.Hashing;
using Driftless.Core.Paths;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Observation;

/// <summary>
/// Where each input file lands in a container: the candidates to read, keyed by the relative path the hasher
/// gives the host file, so host and container views compare entry by entry; and what no mount covers.
/// </summary>
internal sealed class InputMap(BindMounts mounts, ContentHash desired, string baseDirectory)
{
    private readonly List<(InputSpec Input, HostMount Via, string ContainerPath)> _directories = [];

    public SortedDictionary<string, Candidate> Candidates { get; } = new(StringComparer.Ordinal);

    /// <summary>Declared inputs no mount covers, and files of a directory served file by file that no mount serves.</summary>
    public List<string> Uncovered { get; } = [];

    /// <summary>Maps an input; false when none of it reaches the container.</summary>
    public bool Add(InputSpec input)
    {
        if (mounts.Resolve(input.FullPath) is { } landed)
        {
            if (input.Kind == InputKind.Directory)
            {
                _directories.Add((input, landed.Via, landed.ContainerPath));
                foreach (var file in DesiredUnder(input.FullPath))
                {
                    Candidates.TryAdd(file.RelativePath, Candidate(file.HostPath, landed.Via, Join(landed.ContainerPath, Path.GetRelativePath(input.FullPath, file.HostPath))));
                }
            }
            else
            {
                Candidates[Key(input.FullPath)] = Candidate(input.FullPath, landed.Via, landed.ContainerPath);
            }

            return true;
        }

        // A directory no single mount covers may still be served file by file by mounts inside it.
        var files = input.Kind == InputKind.Directory && mounts.Inside(RealPath.TryResolve(input.FullPath) ?? input.FullPath).Any()
            ? DesiredUnder(input.FullPath).ToList()
            : [];
        if (files.Count == 0)
        {
            Uncovered.Add(input.Declared);
            return false;
        }

        foreach (var file in files)
        {
            if (mounts.Resolve(file.HostPath) is { } served)
            {
                Candidates[file.RelativePath] = Candidate(file.HostPath, served.Via, served.ContainerPath);
            }
            else
            {
                Uncovered.Add(file.RelativePath);
            }
        }

        return true;
    }

    /// <summary>
    /// Files the container holds under each mounted directory input, including ones the host lacks; not the
    /// paths the host skipped (a link into /proc reads as a file in the container, yet is no configuration).
    /// </summary>
    public async Task AddContainerFilesAsync(IContainerFiles files, CancellationToken cancellationToken)
    {
        var skipped = desired.Skipped.Select(s => s.RelativePath).ToHashSet(StringComparer.Ordinal);
        foreach (var (input, via, containerPath) in _directories)
        {
            foreach (var found in await files.ListFilesAsync(containerPath, cancellationToken))
            {
                var remainder = found.Length > containerPath.Length ? found[containerPath.Length..].TrimStart('/') : string.Empty;
                var hostPath = remainder.Length == 0 ? input.FullPath : Path.Join(input.FullPath, remainder);
                var key = Key(hostPath);
                if (!skipped.Contains(key))
                {
                    Candidates[key] = Candidate(hostPath, via, found);
                }
            }
        }
    }

    /// <summary>Every candidate as a stopped container's process would see it: not at all.</summary>
    public List<SeenFile> Unseen() => Candidates.Select(c => new SeenFile(c.Key, c.Value.ContainerPath, null, false)).ToList();

    private Candidate Candidate(string hostPath, HostMount via, string containerPath) =>
        new(hostPath, containerPath, mounts.IsShadowed(containerPath, via));

    private IEnumerable<FileDigest> DesiredUnder(string inputPath)
    {
        var prefix = inputPath.TrimEnd('/') + "/";
        return desired.Files.Where(f =>
            string.Equals(f.HostPath, inputPath, StringComparison.Ordinal)
            || f.HostPath.StartsWith(prefix, StringComparison.Ordinal));
    }

    private string Key(string hostPath) => Path.GetRelativePath(baseDirectory, hostPath).Replace('\\', '/');

    private static string Join(string containerPath, string remainder) =>
        remainder == "." ? containerPath : containerPath.TrimEnd('/') + "/" + remainder;
}

/// <param name="HostPath">The host file the candidate stands for.</param>
/// <param name="ContainerPath">Where the process would see it.</param>
/// <param name="Shadowed">Another mount lands on the path: the process sees a different file there, so an inode difference proves no pinning.</param>
internal readonly record struct Candidate(string HostPath, string ContainerPath, bool Shadowed);
