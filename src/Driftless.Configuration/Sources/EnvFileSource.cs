namespace Driftless.Configuration.Sources;

/// <summary>
/// A dotenv file (see <see cref="DotEnvParser"/>). Variable names map to configuration keys as environment
/// variables do in Microsoft.Extensions.Configuration: <c>Section__Child</c> becomes <c>Section:Child</c>.
/// With <see cref="EnvFileOptions.WriteThroughToEnvironment"/>, every published load is also written to the process
/// environment (see <see cref="EnvironmentWriteThrough"/>).
/// </summary>
public sealed class EnvFileSource : ConfigFileSource
{
    private const string Separator = "__";

    /// <summary>An env file source.</summary>
    /// <param name="path">The file; relative paths are made absolute against the current directory.</param>
    /// <param name="options">How variables map to configuration and whether they reach the process environment.</param>
    public EnvFileSource(string path, EnvFileOptions options)
        : base(path)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        EnvironmentWriteThrough = new EnvironmentWriteThrough(Name);
    }

    /// <summary>The options given at construction; read at every load and publish.</summary>
    public EnvFileOptions Options { get; }

    /// <summary>
    /// Where this file's variables are written to the process environment when
    /// <see cref="EnvFileOptions.WriteThroughToEnvironment"/> is set; register callbacks on it to hear of changes.
    /// </summary>
    public EnvironmentWriteThrough EnvironmentWriteThrough { get; }

    private protected override Dictionary<string, string?> Parse(byte[] bytes) => ToValues(ParseVariables(bytes));

    private protected override ConfigSnapshot CreateSnapshot(byte[] bytes, string hash)
    {
        var variables = ParseVariables(bytes);
        return new ConfigSnapshot(ToValues(variables), hash, Name) { EnvFiles = [new EnvFileVariables(this, variables)] };
    }

    /// <summary>The configuration key for a variable, or <see langword="null"/> when it lacks the prefix.</summary>
    internal static string? ToKey(string variable, string? prefix)
    {
        if (!string.IsNullOrEmpty(prefix))
        {
            if (!variable.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            variable = variable[prefix.Length..];
        }

        return variable.Replace(Separator, ":", StringComparison.Ordinal);
    }

    private Dictionary<string, string> ParseVariables(byte[] bytes)
        => new(DotEnvParser.Parse(ConfigFile.DecodeUtf8(Name, bytes), Name), StringComparer.Ordinal);

    private Dictionary<string, string?> ToValues(Dictionary<string, string> variables)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in variables)
        {
            if (ToKey(name, Options.Prefix) is { } key)
            {
                values[key] = value;
            }
        }

        return values;
    }
}
