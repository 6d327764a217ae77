using Driftless.Core.Hashing;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace Driftless.Docker;

/// <summary>Builds a <see cref="ProcessView"/> from the container's file system and the desired hash.</summary>
internal sealed class ProcessViewReader(ILogger logger)
{
    public async Task<ProcessView> ReadAsync(
        IContainerFileSystem fileSystem,
        RuntimeContainer container,
        IReadOnlyList<InputSpec> inputs,
        ContentHash desired,
        string baseDirectory,
        CancellationToken cancellationToken)
    {
        Log.Observing(logger, container.ShortId, fileSystem.Method);
        var candidates = new SortedDictionary<string, Candidate>(StringComparer.Ordinal);
        var uncovered = new List<string>();
        foreach (var input in inputs)
        {
            if (MountResolver.ToContainerPath(input.FullPath, container.Mounts) is not { } containerPath)
            {
                Log.Uncovered(logger, container.ShortId, input.Declared);
                uncovered.Add(input.Declared);
                continue;
            }

            if (input.Kind == InputKind.File)
            {
                Add(candidates, baseDirectory, input.FullPath, containerPath);
                continue;
            }

            foreach (var found in await fileSystem.ListFilesAsync(containerPath, cancellationToken))
            {
                var remainder = Path.GetRelativePath(containerPath, found);
                Add(candidates, baseDirectory, Path.Join(input.FullPath, remainder), found);
            }

            // Files the host has but the container does not still belong to the view, unseen.
            foreach (var file in DesiredUnder(desired, input.FullPath))
            {
                if (!candidates.ContainsKey(file.RelativePath))
                {
                    var remainder = Path.GetRelativePath(input.FullPath, file.HostPath);
                    candidates[file.RelativePath] = new Candidate(file.HostPath, JoinContainer(containerPath, remainder));
                }
            }
        }

        var containerPaths = candidates.Values.Select(c => c.ContainerPath).Distinct(StringComparer.Ordinal).ToList();
        var identities = await fileSystem.IdentifyAsync(containerPaths, cancellationToken);
        var seen = new List<SeenFile>(candidates.Count);
        foreach (var (relativePath, candidate) in candidates)
        {
            var content = await fileSystem.ReadAsync(candidate.ContainerPath, cancellationToken);
            var digest = content is null ? null : HashFormat.Digest(content);
            var pinned = content is not null
                && identities.TryGetValue(candidate.ContainerPath, out var inContainer)
                && UnixFileIdentity.Identity(candidate.HostPath) is { } onHost
                && inContainer != onHost;
            Log.Seen(logger, container.ShortId, relativePath, candidate.ContainerPath, digest, pinned);
            seen.Add(new SeenFile(relativePath, candidate.ContainerPath, digest, pinned));
        }

        return new ProcessView(seen, uncovered, fileSystem.Method);
    }

    /// <summary>A stopped container's process sees nothing: every desired file of a covered input, unseen.</summary>
    public static ProcessView NotRunning(
        RuntimeContainer container,
        IReadOnlyList<InputSpec> inputs,
        ContentHash desired,
        ObservationMethod method)
    {
        var seen = new SortedDictionary<string, SeenFile>(StringComparer.Ordinal);
        var uncovered = new List<string>();
        foreach (var input in inputs)
        {
            if (MountResolver.ToContainerPath(input.FullPath, container.Mounts) is not { } containerPath)
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

    private static void Add(SortedDictionary<string, Candidate> candidates, string baseDirectory, string hostPath, string containerPath)
    {
        var relativePath = Path.GetRelativePath(baseDirectory, hostPath).Replace('\\', '/');
        candidates[relativePath] = new Candidate(hostPath, containerPath);
    }

    private static string JoinContainer(string containerPath, string remainder) =>
        remainder == "." ? containerPath : containerPath.TrimEnd('/') + "/" + remainder;

    private readonly record struct Candidate(string HostPath, string ContainerPath);
}
