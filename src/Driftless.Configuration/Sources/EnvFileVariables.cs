namespace Driftless.Configuration.Sources;

/// <summary>The variables of one load of an env file, by their names in the file (no prefix removed, no <c>__</c> mapped).</summary>
internal sealed record EnvFileVariables(EnvFileSource Source, IReadOnlyDictionary<string, string> Variables);
