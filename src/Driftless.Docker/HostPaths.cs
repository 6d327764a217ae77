namespace Driftless.Docker;

internal static class HostPaths
{
    /// <summary>realpath: absolute, symlinks resolved along the whole chain; missing tails are kept.</summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        return SymlinkResolver.Resolve(full, ReadLink) ?? full;
    }

    private static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
