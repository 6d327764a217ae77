namespace Driftless.Configuration.Sources;

/// <summary>A source could not produce a snapshot: missing, unreadable or unparsable (with the position when known).</summary>
/// <param name="source">The source name (path or key).</param>
/// <param name="line">1-based line, or 0 when unknown.</param>
/// <param name="problem">What is wrong — never the content itself.</param>
/// <param name="inner">The underlying error, if any.</param>
public sealed class ConfigLoadException(string source, int line, string problem, Exception? inner = null)
    : Exception(line > 0 ? $"{source}:{line}: {problem}" : $"{source}: {problem}", inner)
{
    /// <summary>The source name (path or key).</summary>
    public string SourceName { get; } = source;

    /// <summary>1-based line, or 0 when unknown.</summary>
    public int Line { get; } = line;

    /// <summary>What is wrong — never the content itself.</summary>
    public string Problem { get; } = problem;
}
