namespace Driftless.Configuration.Sources;

/// <summary>How an <see cref="EnvFileSource"/> maps its variables.</summary>
public sealed class EnvFileOptions
{
    /// <summary>
    /// Whether the reloader should also set the file's variables in the process environment (through
    /// <see cref="EnvironmentWriteThrough"/>) once a snapshot has been validated. Default <see langword="false"/>.
    /// </summary>
    public bool WriteThroughToEnvironment { get; set; }

    /// <summary>
    /// When set, only variables whose names start with it (case-insensitive) are read, with the prefix removed,
    /// like <c>AddEnvironmentVariables(prefix)</c>. Default <see langword="null"/>: all variables.
    /// </summary>
    public string? Prefix { get; set; }
}
