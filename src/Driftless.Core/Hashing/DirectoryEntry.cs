using Driftless.Core.Errors;
using Driftless.Core.Paths;

namespace Driftless.Core.Hashing;

internal enum EntryKind
{
    File,
    Directory,

    /// <summary>Not hashed: <see cref="DirectoryEntry.Target"/> holds the reason.</summary>
    Skipped,

    /// <summary>A symlink whose target does not exist (<see cref="DirectoryEntry.Target"/>).</summary>
    Dangling,

    /// <summary>A symlink that cannot be resolved (a cycle of links).</summary>
    LinkLoop,
}

/// <summary>One entry of a host directory, symlinks resolved.</summary>
/// <param name="Name">The entry's name in its directory.</param>
/// <param name="Target">The real path (file, directory, dangling target) or, for a skipped entry, the reason.</param>
/// <param name="Length">A file's size.</param>
internal readonly record struct DirectoryEntry(string Name, EntryKind Kind, string Target, long Length)
{
    /// <summary>The entries of <paramref name="realDirectory"/>, sorted ordinally by name.</summary>
    /// <param name="logicalDirectory">How the user reaches it (for the error message).</param>
    public static DirectoryEntry[] List(string realDirectory, string logicalDirectory)
    {
        FileSystemInfo[] infos;
        try
        {
            infos = new DirectoryInfo(realDirectory).GetFileSystemInfos();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DriftlessException(ErrorKind.InvalidInput, $"cannot list directory {logicalDirectory}: {e.Message}", e);
        }

        Array.Sort(infos, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return Array.ConvertAll(infos, info => Of(info, Path.Join(realDirectory, info.Name)));
    }

    private static DirectoryEntry Of(FileSystemInfo info, string path)
    {
        if (!info.Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            if (UnixFileStat.TryGet(path, followSymlinks: false, out var own) && own.IsSpecial)
            {
                return Skip(info.Name, $"{own.TypeName}: not a regular file");
            }

            return info is DirectoryInfo
                ? new DirectoryEntry(info.Name, EntryKind.Directory, path, 0)
                : new DirectoryEntry(info.Name, EntryKind.File, path, ((FileInfo)info).Length);
        }

        if (RealPath.TryResolve(path) is not { } real)
        {
            return new DirectoryEntry(info.Name, EntryKind.LinkLoop, path, 0);
        }

        if (!UnixFileStat.TryGet(real, followSymlinks: true, out var status))
        {
            // Not a Unix host: the BCL's view is all there is.
            return Directory.Exists(real) ? new DirectoryEntry(info.Name, EntryKind.Directory, real, 0)
                : File.Exists(real) ? new DirectoryEntry(info.Name, EntryKind.File, real, new FileInfo(real).Length)
                : new DirectoryEntry(info.Name, EntryKind.Dangling, real, 0);
        }

        if (status.IsSpecial)
        {
            return Skip(info.Name, $"links to a {status.TypeName} ({real}): not a regular file");
        }

        // A link out of the configuration tree into /proc or /sys: generated content, different for every reader.
        if (PseudoFileSystems.Of(real) is { } pseudo)
        {
            return Skip(info.Name, $"links into the {pseudo} pseudo file system ({real}): not configuration");
        }

        return status.IsDirectory
            ? new DirectoryEntry(info.Name, EntryKind.Directory, real, 0)
            : new DirectoryEntry(info.Name, EntryKind.File, real, new FileInfo(real).Length);
    }

    private static DirectoryEntry Skip(string name, string reason) => new(name, EntryKind.Skipped, reason, 0);
}
