using Driftless.Core.Hashing;
using Driftless.Core.Paths;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace Driftless.Core.Observation;

/// <summary>
/// What a container's process sees of a service's inputs. Each input reaches the container through the
/// mount covering its host path — a directory may also be served file by file by mounts inside it — or is
/// not mounted, and then nothing can be claimed about it. A file whose (device, inode) in the container
/// differs from the host file's, where no other mount lands on top of it, is pinned: a single-file bind
/// mount still holding the inode that existed when the container started, after an rsync or editor save put
/// a new inode in its place on the host. Content is read as the process reads it, never through the engine's
/// archive API (that re-resolves the host path and returns the NEW file).
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
        var files = runtime.FilesOf(container);
        var running = container.Running && container.Pid > 0;
        if (running)
        {
            Log.Observing(logger, container.ShortId, files.Method);
        }
        else
        {
            Log.NotRunning(logger, container.ShortId);
        }

        var map = new InputMap(BindMounts.Of(container.Mounts), desired, Path.GetFullPath(baseDirectory));
        foreach (var input in inputs)
        {
            if (!map.Add(input))
            {
                Log.Uncovered(logger, container.ShortId, input.Declared);
            }
        }

        if (!running)
        {
            // A stopped container's process sees nothing: every desired file of a covered input, unseen.
            return new ProcessView(map.Unseen(), map.Uncovered, files.Method);
        }

        await map.AddContainerFilesAsync(files, cancellationToken);
        var candidates = map.Candidates;
        var identities = await files.IdentifyAsync(
            candidates.Values.Select(c => c.ContainerPath).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var seen = new List<SeenFile>(candidates.Count);
        var secrets = new SecretPaths(inputs);
        foreach (var (relativePath, candidate) in candidates)
        {
            var digest = await DigestAsync(files, candidate.ContainerPath, secrets.IsSecret(candidate.HostPath) ? desired.Key : null, cancellationToken);
            var pinned = digest is not null
                && !candidate.Shadowed
                && identities.TryGetValue(candidate.ContainerPath, out var inContainer)
                && UnixFileStat.Identity(candidate.HostPath) is { } onHost
                && inContainer != onHost;
            Log.Seen(logger, container.ShortId, relativePath, candidate.ContainerPath, digest, pinned);
            seen.Add(new SeenFile(relativePath, candidate.ContainerPath, digest, pinned));
        }

        return new ProcessView(seen, map.Uncovered, files.Method);
    }

    /// <param name="key">For a file of a secret input, the key the host side hashed it under (<see cref="HashKey"/>).</param>
    private static async Task<string?> DigestAsync(IContainerFiles files, string containerPath, HashKey? key, CancellationToken cancellationToken)
    {
        await using var content = await files.OpenReadAsync(containerPath, cancellationToken);
        return content is null ? null
            : key is not null ? await key.DigestAsync(content, cancellationToken)
            : await HashFormat.DigestAsync(content, cancellationToken);
    }
}
