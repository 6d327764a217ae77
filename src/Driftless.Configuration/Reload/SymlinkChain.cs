namespace Driftless.Configuration.Reload;

/// <summary>Where a path's content really lives, through every symlink on the way.</summary>
internal static class SymlinkChain
{
    private const int MaxLinkDepth = 32;

    /// <summary>
    /// Every (directory, entry) a path's content depends on, last being the real file: for a ConfigMap
    /// mount <c>app.conf → ..data/app.conf</c> with <c>..data → ..data_v1</c> that is
    /// (dir, app.conf), (dir, ..data), (dir/..data_v1, app.conf).
    /// </summary>
    public static List<(string Directory, string Name)> Resolve(string fullPath)
    {
        var chain = new List<(string, string)>();
        var current = fullPath;
        for (var depth = 0; depth < MaxLinkDepth; depth++)
        {
            var dir = Path.GetDirectoryName(current);
            var name = Path.GetFileName(current);
            if (dir is null || name.Length == 0)
            {
                break;
            }

            string? dirLink = null, fileLink = null;
            try
            {
                dirLink = new DirectoryInfo(dir).LinkTarget;
                fileLink = dirLink is null ? new FileInfo(current).LinkTarget : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Unreadable link: watch what we have; polling or the next event re-resolves.
            }

            if (dirLink is not null && Path.GetDirectoryName(dir) is { } grandParent)
            {
                // The immediate directory is a link (..data): a swap renames it in its parent.
                chain.Add((grandParent, Path.GetFileName(dir)));
                current = Path.Combine(Path.GetFullPath(dirLink, grandParent), name);
                continue;
            }

            chain.Add((dir, name));
            if (fileLink is null)
            {
                break;
            }

            current = Path.GetFullPath(fileLink, dir);
        }

        return chain;
    }
}
