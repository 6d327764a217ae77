namespace Driftless.Configuration.Sources;

/// <summary>How an <see cref="EnvFileSource"/> maps its variables.</summary>
public sealed class EnvFileOptions
{
    /// <summary>
    /// Whether every load of the file that is published (the first, and each reload that passed validation) is also
    /// written to the process environment: added and changed variables set, removed ones given back the value they had
    /// before the file set them (or unset), then the callbacks registered on
    /// <see cref="EnvFileSource.EnvironmentWriteThrough"/> told. A rejected reload writes nothing. Read at every publish.
    /// Default <see langword="false"/>.
    /// </summary>
    public bool WriteThroughToEnvironment { get; set; }

    /// <summary>
    /// When set, only variables whose names start with it (case-insensitive) are read, with the prefix removed,
    /// like <c>AddEnvironmentVariables(prefix)</c>. Default <see langword="null"/>: all variables.
    /// </summary>
    public string? Prefix { get; set; }
}
