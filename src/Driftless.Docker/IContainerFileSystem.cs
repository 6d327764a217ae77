using Driftless.Core.Runtime;

namespace Driftless.Docker;

/// <summary>A container's file system exactly as its main process sees it. Paths are container paths.</summary>
internal interface IContainerFileSystem
{
    ObservationMethod Method { get; }

    /// <summary>The file's bytes (symlinks followed); null when it is absent or not a regular file.</summary>
    Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>Regular files under <paramref name="directory"/>, recursively, following symlinks; empty when absent.</summary>
    Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken);

    /// <summary>(dev, inode) of each path that can be stat'ed; paths that cannot are left out.</summary>
    Task<IReadOnlyDictionary<string, FileIdentity>> IdentifyAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken);
}
