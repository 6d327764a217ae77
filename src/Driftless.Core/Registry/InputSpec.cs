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

    /// <summary>
    /// Listed under <c>secrets:</c> or written <c>{path: …, secret: true}</c>: its content must never be identifiable from a
    /// recorded hash.
    /// </summary>
    public bool Secret { get; init; }
}
