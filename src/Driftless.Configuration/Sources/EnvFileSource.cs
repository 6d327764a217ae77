namespace Driftless.Configuration.Sources;

/// <summary>
/// A dotenv file (see <see cref="DotEnvParser"/>). Variable names map to configuration keys as environment
/// variables do in Microsoft.Extensions.Configuration: <c>Section__Child</c> becomes <c>Section:Child</c>.
/// </summary>
public sealed class EnvFileSource : IConfigSource
{
    private const string Separator = "__";

    private readonly string _path;

    public EnvFileSource(string path, EnvFileOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        _path = Path.GetFullPath(path);
        Options = options;
        WatchedPaths = [_path];
    }

    public string Name => _path;

    public IReadOnlyList<string> WatchedPaths { get; }

    public EnvFileOptions Options { get; }

    public async Task<ConfigSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var bytes = await ConfigFile.ReadAsync(_path, cancellationToken);
        var pairs = DotEnvParser.Parse(ConfigFile.DecodeUtf8(_path, bytes), _path);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in pairs)
        {
            if (ToKey(name, Options.Prefix) is { } key)
            {
                values[key] = value;
            }
        }

        return new ConfigSnapshot(values, ConfigHash.Of(bytes), _path);
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
