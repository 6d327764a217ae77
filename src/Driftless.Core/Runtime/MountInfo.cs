namespace Driftless.Core.Runtime;

/// <summary>A container mount as the engine reports it.</summary>
/// <param name="Type"><c>bind</c>, <c>volume</c>, <c>tmpfs</c>...</param>
/// <param name="Source">Host path (for binds).</param>
/// <param name="Destination">Path inside the container.</param>
/// <param name="ReadWrite">Whether the mount is writable.</param>
public sealed record MountInfo(string Type, string Source, string Destination, bool ReadWrite);
