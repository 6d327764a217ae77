namespace Driftless.Configuration.Sources;

/// <summary>
/// A dotenv file (see <see cref="DotEnvParser"/>). Variable names map to configuration keys as environment
/// variables do in Microsoft.Extensions.Configuration: <c>Section__Child</c> becomes <c>Section:Child</c>.
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
    }

    /// <summary>The options given at construction; read at every load and publish.</summary>
    public EnvFileOptions Options { get; }

    private protected override Dictionary<string, string?> Parse(byte[] bytes)
    {
        var pairs = DotEnvParser.Parse(ConfigFile.DecodeUtf8(Name, bytes), Name);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in pairs)
        {
            if (ToKey(name, Options.Prefix) is { } key)
            {
                values[key] = value;
            }
        }

        return values;
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

    /// <summary>The variable name for a configuration key: the inverse of <see cref="ToKey"/>, using the prefix as configured.</summary>
    internal static string ToVariable(string key, string? prefix)
        => (prefix ?? string.Empty) + key.Replace(":", Separator, StringComparison.Ordinal);
}
