namespace Driftless.Core.Runtime;

/// <summary>One input file as the container's process sees it.</summary>
/// <param name="RelativePath">Same key as <see cref="Hashing.FileDigest.RelativePath"/>.</param>
/// <param name="ContainerPath">The path inside the container.</param>
/// <param name="Digest"><c>sha256:&lt;hex&gt;</c> of what the process reads; null when the file is absent in the container.</param>
/// <param name="PinnedInode">
/// The container's file is a different (dev, inode) than the host file at the same path: a single-file
/// bind mount still pinned to the inode that existed at container start.
/// </param>
public sealed record SeenFile(string RelativePath, string ContainerPath, string? Digest, bool PinnedInode);
