namespace Driftless.Configuration.Sources;

/// <summary>A source could not produce a snapshot: missing, unreadable or unparsable (with the position when known).</summary>
/// <param name="source">The source name (path or key).</param>
/// <param name="line">1-based line, or 0 when unknown.</param>
/// <param name="problem">What is wrong — never the content itself.</param>
public sealed class ConfigLoadException(string source, int line, string problem, Exception? inner = null)
    : Exception(line > 0 ? $"{source}:{line}: {problem}" : $"{source}: {problem}", inner)
{
    public string SourceName { get; } = source;

    public int Line { get; } = line;

    public string Problem { get; } = problem;
}
