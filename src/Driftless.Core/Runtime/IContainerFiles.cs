using Driftless.Core.Paths;

namespace Driftless.Core.Runtime;

/// <summary>
/// A running container's file system exactly as its main process sees it: paths are container paths and
/// symlinks resolve inside the container. Answers primitive questions only; what they mean (pinned,
/// stale, not mounted) is decided in Core.
/// </summary>
public interface IContainerFiles
{
    /// <summary>How the answers are obtained.</summary>
    ObservationMethod Method { get; }

    /// <summary>Regular files under <paramref name="directory"/>, recursively, symlinks followed; empty when it is absent.</summary>
    Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken);

    /// <summary>(device, inode) of each path that can be stat'ed, symlinks followed; paths that cannot are left out.</summary>
    Task<IReadOnlyDictionary<string, FileIdentity>> IdentifyAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken);

    /// <summary>The file's bytes as the process reads them; null when it is absent or not a regular file.</summary>
    Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken);
}
