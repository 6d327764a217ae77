namespace Driftless.Agent.Watching;

/// <summary>One path to watch: a file (its directory, filtered to its name) or a directory (recursive).</summary>
/// <param name="FullPath">Absolute path.</param>
/// <param name="IsDirectory">Watch recursively.</param>
internal sealed record WatchTarget(string FullPath, bool IsDirectory);
