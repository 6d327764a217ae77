namespace Driftless.Configuration.Sources;

/// <summary>
/// One complete, parsed configuration as a source holds it at a moment: flattened keys in
/// Microsoft.Extensions.Configuration form (<c>Section:Child:0</c>, case-insensitive), and a hash of
/// the content so identical reloads can be skipped.
/// </summary>
/// <param name="Values">Flattened key → value.</param>
/// <param name="Hash"><c>sha256:&lt;hex&gt;</c> of the source's content (for a composite: of all layers in order).</param>
/// <param name="Source">The source's name, for messages and logs (a path or a key — never content).</param>
public sealed record ConfigSnapshot(IReadOnlyDictionary<string, string?> Values, string Hash, string Source)
{
    /// <summary>
    /// The env files in this snapshot with their variables as the files name them, so the reloader can write the
    /// validated ones through to the process environment without reading a file again. Empty for other sources.
    /// </summary>
    internal IReadOnlyList<EnvFileVariables> EnvFiles { get; init; } = [];
}
