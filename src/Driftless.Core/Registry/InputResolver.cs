using Driftless.Core.Errors;
using Driftless.Core.Paths;

namespace Driftless.Core.Registry;

/// <summary>Turns a declared input path into an <see cref="InputSpec"/>, checking it exists and can be read.</summary>
public static class InputResolver
{
    /// <summary>
    /// Resolves <paramref name="declared"/> against <paramref name="baseDirectory"/>. A trailing '/' demands a
    /// directory; a path that is a directory is one either way.
    /// </summary>
    /// <exception cref="DriftlessException">
    /// Exit 65, naming the path, when it is missing or unreadable, or not a regular file or directory (a FIFO,
    /// socket or device such as <c>/dev/urandom</c>, or a file of a pseudo file system such as <c>/proc</c>).
    /// </exception>
    public static InputSpec Resolve(string declared, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        return TryResolve(declared, baseDirectory, out var spec, out var problem)
            ? spec
            : throw new DriftlessException(ErrorKind.InvalidInput, problem);
    }

    internal static bool TryResolve(
        string declared,
        string baseDirectory,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out InputSpec? spec,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        spec = null;
        if (string.IsNullOrWhiteSpace(declared))
        {
            problem = "input path is empty";
            return false;
        }

        var wantsDirectory = declared.EndsWith('/') || declared.EndsWith(Path.DirectorySeparatorChar);
        var fullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(declared, Path.GetFullPath(baseDirectory)));

        if (NotConfiguration(declared, fullPath) is { } special)
        {
            problem = special;
            return false;
        }

        // File.Exists is true for a dangling symlink on Unix, so rule that out first.
        if (IsDanglingLink(fullPath))
        {
            problem = $"input '{declared}' is a symlink whose target does not exist: {fullPath}";
            return false;
        }

        var outside = IsOutside(fullPath, baseDirectory);
        if (Directory.Exists(fullPath))
        {
            problem = CheckListable(fullPath);
            spec = problem is null ? new InputSpec(declared, fullPath, InputKind.Directory) { OutsideBaseDirectory = outside } : null;
            return problem is null;
        }

        if (File.Exists(fullPath))
        {
            if (wantsDirectory)
            {
                problem = $"input '{declared}' is declared as a directory (trailing '/') but is a file: {fullPath}";
                return false;
            }

            problem = CheckReadable(fullPath);
            spec = problem is null ? new InputSpec(declared, fullPath, InputKind.File) { OutsideBaseDirectory = outside } : null;
            return problem is null;
        }

        problem = $"input '{declared}' does not exist: {fullPath}";
        return false;
    }

    /// <summary>
    /// Why the path holds no configuration: a FIFO blocks its reader, a socket or device has no content to hash,
    /// and a pseudo-file-system file reports size 0 while it reads differently for every process (so its
    /// changes would go unseen, and the host's bytes say nothing about the container's). Null when it is fine.
    /// </summary>
    private static string? NotConfiguration(string declared, string fullPath)
    {
        if (UnixFileStat.TryGet(fullPath, followSymlinks: true, out var status) && status.IsSpecial)
        {
            return $"input '{declared}' is a {status.TypeName}, not a regular file or directory: {fullPath}";
        }

        return PseudoFileSystems.Of(fullPath) is { } pseudo
            ? $"input '{declared}' lies on the {pseudo} pseudo file system, whose files are generated on read and are no configuration: {fullPath}"
            : null;
    }

    /// <summary>Whether the input (symlinks resolved) lies outside the registry's directory tree (also resolved).</summary>
    private static bool IsOutside(string fullPath, string baseDirectory)
    {
        var real = RealPath.TryResolve(fullPath) ?? fullPath;
        var tree = RealPath.TryResolve(baseDirectory) ?? Path.GetFullPath(baseDirectory);
        return !(tree == "/" || real == tree || real.StartsWith(tree.TrimEnd('/') + "/", StringComparison.Ordinal));
    }

    private static string? CheckListable(string path)
    {
        try
        {
            using var entries = Directory.EnumerateFileSystemEntries(path).GetEnumerator();
            _ = entries.MoveNext();
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"input directory cannot be listed: {path}: {e.Message}";
        }
    }

    private static string? CheckReadable(string path)
    {
        try
        {
            // An empty file needs no open (special files were refused before).
            if (new FileInfo(path).Length == 0)
            {
                return null;
            }

            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"input file cannot be read: {path}: {e.Message}";
        }
    }

    private static bool IsDanglingLink(string path)
    {
        try
        {
            // The final target may be a directory, which a FileInfo reports as not existing.
            return new FileInfo(path).LinkTarget is not null
                && File.ResolveLinkTarget(path, returnFinalTarget: true) is { } target
                && !Path.Exists(target.FullName);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // A link loop cannot be followed either.
            return true;
        }
    }
}
