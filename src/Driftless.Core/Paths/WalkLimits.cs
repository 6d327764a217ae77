namespace Driftless.Core.Paths;

/// <summary>
/// Bounds of a directory walk that follows symlinks, the same on the host and inside a container. Every path
/// a process could read is walked (a directory linked twice is walked under both names), so without bounds
/// a "diamond" of links (each level linking twice to the next) makes 2^N paths of N levels.
/// </summary>
public static class WalkLimits
{
    /// <summary>Entries walked again because their directory is reached through another path as well.</summary>
    public const int MaxRevisitedEntries = 20_000;

    /// <summary>Levels of entries below the walk's root (a file at level 40 lies in a directory at level 39): what <c>find -maxdepth 40</c> reaches inside a container.</summary>
    public const int MaxDepth = 40;
}
