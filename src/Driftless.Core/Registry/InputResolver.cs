using Driftless.Core.Errors;

namespace Driftless.Core.Registry;

/// <summary>Turns a declared input path into an <see cref="InputSpec"/>, checking it exists and can be read.</summary>
public static class InputResolver
{
    /// <summary>
    /// Resolves <paramref name="declared"/> against <paramref name="baseDirectory"/>. A trailing '/' demands a
    /// directory; a path that is a directory is one either way.
    /// </summary>
    /// <exception cref="DriftlessException">Exit 65, naming the path, when it is missing or unreadable.</exception>
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

        // File.Exists is true for a dangling symlink on Unix, so rule that out first.
        if (IsDanglingLink(fullPath))
        {
            problem = $"input '{declared}' is a symlink whose target does not exist: {fullPath}";
            return false;
        }

        if (Directory.Exists(fullPath))
        {
            problem = CheckListable(fullPath);
            spec = problem is null ? new InputSpec(declared, fullPath, InputKind.Directory) : null;
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
            spec = problem is null ? new InputSpec(declared, fullPath, InputKind.File) : null;
            return problem is null;
        }

        problem = $"input '{declared}' does not exist: {fullPath}";
        return false;
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
            // A FIFO or socket reports size 0 and would block on open; there is nothing to read anyway.
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
            return new FileInfo(path).LinkTarget is not null
                && File.ResolveLinkTarget(path, returnFinalTarget: true) is { Exists: false };
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // A link loop cannot be followed either.
            return true;
        }
    }
}
