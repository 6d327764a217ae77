namespace Driftless.Core.Registry;

/// <param name="Declared">The path as written in the registry (e.g. <c>configs/caddy/</c>).</param>
/// <param name="FullPath">Absolute host path.</param>
/// <param name="Kind">File, or directory (hashed recursively).</param>
public sealed record InputSpec(string Declared, string FullPath, InputKind Kind)
{
    /// <summary>
    /// The input (symlinks resolved) lies outside the registry's directory tree (<c>../../etc/shadow</c>):
    /// allowed, but <c>plan</c>, <c>status</c> and <c>doctor</c> warn about it.
    /// </summary>
    public bool OutsideBaseDirectory { get; init; }
}
