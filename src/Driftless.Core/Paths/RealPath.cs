using Driftless.Core.Errors;

namespace Driftless.Core.Paths;

/// <summary>
/// realpath(3) over any file system: walks an absolute path component by component and replaces each
/// symlink by its target, up to Linux's own limit of 40 links (MAXSYMLINKS) before it calls it a loop.
/// The BCL only resolves a path's last component, which cannot tell whether a directory reached through
/// links is an ancestor. Absolute targets restart at the root of the file system asked, which is what a
/// container's processes get when the file system is theirs (the kernel would resolve such a target
/// against the caller's root when reading through <c>/proc/&lt;pid&gt;/root</c>).
/// </summary>
public static class RealPath
{
    private const int MaxLinks = 40;

    /// <summary>The host path with every symlink resolved; missing tails are kept as written.</summary>
    /// <exception cref="DriftlessException">Kind InvalidInput on a symlink loop, naming the path.</exception>
    public static string Resolve(string path) =>
        TryResolve(path) ?? throw new DriftlessException(ErrorKind.InvalidInput, $"symlink loop: {path}");

    /// <summary>The host path with every symlink resolved, or null on a symlink loop.</summary>
    public static string? TryResolve(string path) => Resolve(Path.GetFullPath(path), HostLinkTarget);

    /// <param name="path">Absolute path in the file system's own namespace ('/'-separated).</param>
    /// <param name="readLink">Target of the symlink at an already resolved path; null when it is not a symlink (or absent).</param>
    /// <returns>The resolved absolute path; null on a symlink loop.</returns>
    public static string? Resolve(string path, Func<string, string?> readLink)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(readLink);
        var pending = new Stack<string>();
        Push(pending, path);
        var resolved = new List<string>();
        var links = 0;
        while (pending.TryPop(out var component))
        {
            if (component is "" or ".")
            {
                continue;
            }

            if (component == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = Join(resolved) + (resolved.Count == 0 ? string.Empty : "/") + component;
            if (readLink(candidate) is not { } target)
            {
                resolved.Add(component);
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            Push(pending, target);
        }

        return Join(resolved);
    }

    private static string? HostLinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void Push(Stack<string> pending, string path)
    {
        var parts = path.Split('/');
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }

    private static string Join(List<string> components) => "/" + string.Join('/', components);
}
