namespace Driftless.Docker;

/// <summary>
/// realpath over an abstract file system: walks an absolute path component by component and
/// replaces symlinks by their targets. Absolute targets restart at the root of that file system,
/// which is what the container's processes get (the kernel would resolve them against the
/// caller's root when reading through /proc/&lt;pid&gt;/root).
/// </summary>
internal static class SymlinkResolver
{
    private const int MaxHops = 40;

    /// <param name="path">Absolute path in the file system's own namespace.</param>
    /// <param name="readLink">Target of the symlink at a resolved path, or null when it is not a symlink (or absent).</param>
    /// <returns>The resolved absolute path; null on a symlink loop.</returns>
    public static string? Resolve(string path, Func<string, string?> readLink)
    {
        var pending = new Stack<string>(Split(path).Reverse());
        var resolved = new List<string>();
        var hops = 0;
        while (pending.Count > 0)
        {
            var component = pending.Pop();
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

            var candidate = resolved.Count == 0 ? "/" + component : Join(resolved) + "/" + component;
            var target = readLink(candidate);
            if (target is null)
            {
                resolved.Add(component);
                continue;
            }

            if (++hops > MaxHops)
            {
                return null;
            }

            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            foreach (var part in Split(target).Reverse())
            {
                pending.Push(part);
            }
        }

        return Join(resolved);
    }

    private static string Join(List<string> components) => "/" + string.Join('/', components);

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
