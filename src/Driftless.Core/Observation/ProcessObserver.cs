using Driftless.Core.Hashing;
using Driftless.Core.Paths;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace Driftless.Core.Observation;

/// <summary>
/// What a container's process sees of a service's inputs. Each input reaches the container through the
/// mount covering its host path, or is not mounted (nothing can then be claimed about it). A file whose
/// (device, inode) in the container differs from the host file's is pinned: a single-file bind mount
/// still holding the inode that existed when the container started, after an rsync or editor save put a
/// new inode in its place on the host. Content is read as the process reads it, never through the
/// engine's archive API (that re-resolves the host path and returns the NEW file).
/// </summary>
internal sealed class ProcessObserver(IContainerRuntime runtime, ILogger logger)
{
    public async Task<ProcessView> ObserveAsync(
        RuntimeContainer container,
        IReadOnlyList<InputSpec> inputs,
        ContentHash desired,
        string baseDirectory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(desired);
        var mounts = BindMounts.Of(container.Mounts);
        var files = runtime.FilesOf(container);
        if (!container.Running || container.Pid <= 0)
        {
            Log.NotRunning(logger, container.ShortId);
            return NotRunning(mounts, inputs, desired, files.Method);
        }

        Log.Observing(logger, container.ShortId, files.Method);
        var candidates = new SortedDictionary<string, Candidate>(StringComparer.Ordinal);
        var uncovered = new List<string>();
        foreach (var input in inputs)
        {
            if (mounts.ToContainerPath(input.FullPath) is not { } containerPath)
            {
                Log.Uncovered(logger, container.ShortId, input.Declared);
                uncovered.Add(input.Declared);
                continue;
            }

            await AddCandidatesAsync(candidates, files, input, containerPath, desired, Path.GetFullPath(baseDirectory), cancellationToken);
        }

        var identities = await files.IdentifyAsync(
            candidates.Values.Select(c => c.ContainerPath).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var seen = new List<SeenFile>(candidates.Count);
        foreach (var (relativePath, candidate) in candidates)
        {
            var digest = await DigestAsync(files, candidate.ContainerPath, cancellationToken);
            var pinned = digest is not null
                && identities.TryGetValue(candidate.ContainerPath, out var inContainer)
                && UnixFileStat.Identity(candidate.HostPath) is { } onHost
                && inContainer != onHost;
            Log.Seen(logger, container.ShortId, relativePath, candidate.ContainerPath, digest, pinned);
            seen.Add(new SeenFile(relativePath, candidate.ContainerPath, digest, pinned));
        }

        return new ProcessView(seen, uncovered, files.Method);
    }

    private static async Task AddCandidatesAsync(
        SortedDictionary<string, Candidate> candidates,
        IContainerFiles files,
        InputSpec input,
        string containerPath,
        ContentHash desired,
        string baseDirectory,
        CancellationToken cancellationToken)
    {
        if (input.Kind == InputKind.File)
        {
            Add(candidates, baseDirectory, input.FullPath, containerPath);
            return;
        }

        foreach (var found in await files.ListFilesAsync(containerPath, cancellationToken))
        {
            var remainder = found.Length > containerPath.Length ? found[containerPath.Length..].TrimStart('/') : string.Empty;
            Add(candidates, baseDirectory, remainder.Length == 0 ? input.FullPath : Path.Join(input.FullPath, remainder), found);
        }

        // Files the host has but the container does not still belong to the view, unseen.
        foreach (var file in DesiredUnder(desired, input.FullPath))
        {
            var relativePath = file.RelativePath;
            if (!candidates.ContainsKey(relativePath))
            {
                candidates[relativePath] = new Candidate(file.HostPath, JoinContainer(containerPath, Path.GetRelativePath(input.FullPath, file.HostPath)));
            }
        }
    }

    private static async Task<string?> DigestAsync(IContainerFiles files, string containerPath, CancellationToken cancellationToken)
    {
        await using var content = await files.OpenReadAsync(containerPath, cancellationToken);
        return content is null ? null : await HashFormat.DigestAsync(content, cancellationToken);
    }

    /// <summary>A stopped container's process sees nothing: every desired file of a covered input, unseen.</summary>
    private static ProcessView NotRunning(BindMounts mounts, IReadOnlyList<InputSpec> inputs, ContentHash desired, ObservationMethod method)
    {
        var seen = new SortedDictionary<string, SeenFile>(StringComparer.Ordinal);
        var uncovered = new List<string>();
        foreach (var input in inputs)
        {
            if (mounts.ToContainerPath(input.FullPath) is not { } containerPath)
            {
                uncovered.Add(input.Declared);
                continue;
            }

            foreach (var file in DesiredUnder(desired, input.FullPath))
            {
                var remainder = Path.GetRelativePath(input.FullPath, file.HostPath);
                seen[file.RelativePath] = new SeenFile(file.RelativePath, JoinContainer(containerPath, remainder), null, false);
            }
        }

        return new ProcessView([.. seen.Values], uncovered, method);
    }

    private static IEnumerable<FileDigest> DesiredUnder(ContentHash desired, string inputPath)
    {
        var prefix = inputPath.TrimEnd('/') + "/";
        return desired.Files.Where(f =>
            string.Equals(f.HostPath, inputPath, StringComparison.Ordinal)
            || f.HostPath.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>Keyed as the hasher keys the host's files, so the two views compare entry by entry.</summary>
    private static void Add(SortedDictionary<string, Candidate> candidates, string baseDirectory, string hostPath, string containerPath) =>
        candidates[Path.GetRelativePath(baseDirectory, hostPath).Replace('\\', '/')] = new Candidate(hostPath, containerPath);

    private static string JoinContainer(string containerPath, string remainder) =>
        remainder == "." ? containerPath : containerPath.TrimEnd('/') + "/" + remainder;

    private readonly record struct Candidate(string HostPath, string ContainerPath);
}
