namespace Driftless.Core.Registry;

/// <param name="Declared">The path as written in the registry (e.g. <c>configs/caddy/</c>).</param>
/// <param name="FullPath">Absolute host path.</param>
/// <param name="Kind">File, or directory (hashed recursively).</param>
public sealed record InputSpec(string Declared, string FullPath, InputKind Kind);
