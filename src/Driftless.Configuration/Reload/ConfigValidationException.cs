namespace Driftless.Configuration.Reload;

/// <summary>A snapshot loaded but was rejected by a validator; it was not published.</summary>
/// <param name="source">The source name.</param>
/// <param name="hash">The rejected snapshot's hash.</param>
/// <param name="failures">What is wrong, one entry per problem — validators must not echo values.</param>
public sealed class ConfigValidationException(string source, string hash, IReadOnlyList<string> failures)
    : Exception($"{source}: {hash} failed validation: {string.Join("; ", failures)}")
{
    /// <summary>The source name.</summary>
    public string SourceName { get; } = source;

    /// <summary>The rejected snapshot's hash.</summary>
    public string Hash { get; } = hash;

    /// <summary>What is wrong, one entry per problem.</summary>
    public IReadOnlyList<string> Failures { get; } = failures;
}
