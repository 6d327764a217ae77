using Driftless.Core.Errors;
using Driftless.Core.Paths;
using Driftless.Core.Registry;

namespace Driftless.Core.Hashing;

/// <summary>Expands inputs into the files to hash, following symlinks and refusing symlink loops.</summary>
internal static class InputWalker
{
    /// <param name="LogicalPath">Absolute path as reached from the input (through any links): what the user sees.</param>
    /// <param name="ReadPath">Where the bytes are read from.</param>
    /// <param name="Length">Size at enumeration time.</param>
    internal readonly record struct FileToHash(string LogicalPath, string ReadPath, long Length);

    public static List<FileToHash> Expand(IReadOnlyList<InputSpec> inputs, CancellationToken ct)
    {
        var files = new List<FileToHash>();
        foreach (var input in inputs)
        {
            ct.ThrowIfCancellationRequested();
            var logical = Path.GetFullPath(input.FullPath);
            if (Directory.Exists(logical))
            {
                var ancestors = new HashSet<string>(StringComparer.Ordinal);
                Walk(logical, RealPath.Resolve(logical), ancestors, files, ct);
            }
            else if (File.Exists(logical))
            {
                files.Add(new FileToHash(logical, logical, new FileInfo(logical).Length));
            }
            else
            {
                throw new DriftlessException(ErrorKind.InvalidInput, $"input '{input.Declared}' does not exist: {logical}");
            }
        }

        return files;
    }

    private static void Walk(string logicalDir, string realDir, HashSet<string> ancestors, List<FileToHash> files, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        ancestors.Add(realDir);

        FileSystemInfo[] entries;
        try
        {
            entries = new DirectoryInfo(realDir).GetFileSystemInfos();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DriftlessException(ErrorKind.InvalidInput, $"cannot list directory {logicalDir}: {e.Message}", e);
        }

        foreach (var entry in entries)
        {
            var logical = Path.Join(logicalDir, entry.Name);
            var real = Path.Join(realDir, entry.Name);
            if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                real = RealPath.Resolve(real);
                if (Directory.Exists(real))
                {
                    if (ancestors.Contains(real))
                    {
                        throw new DriftlessException(ErrorKind.InvalidInput, $"symlink loop: {logical} points back to its ancestor {real}");
                    }

                    Walk(logical, real, ancestors, files, ct);
                }
                else if (File.Exists(real))
                {
                    files.Add(new FileToHash(logical, real, new FileInfo(real).Length));
                }
                else
                {
                    throw new DriftlessException(ErrorKind.InvalidInput, $"dangling symlink: {logical} points to {real}, which does not exist");
                }
            }
            else if (entry is DirectoryInfo)
            {
                Walk(logical, real, ancestors, files, ct);
            }
            else
            {
                files.Add(new FileToHash(logical, real, ((FileInfo)entry).Length));
            }
        }

        ancestors.Remove(realDir);
    }
}
