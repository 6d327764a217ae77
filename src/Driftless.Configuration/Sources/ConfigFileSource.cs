namespace Driftless.Configuration.Sources;

/// <summary>
/// A source that is one file: read whole once per load (a missing, empty or unreadable file fails the load),
/// hashed as read, then parsed by the format. Subclassed only inside this library.
/// </summary>
public abstract class ConfigFileSource : IConfigSource
{
    private protected ConfigFileSource(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Name = Path.GetFullPath(path);
        WatchedPaths = [Name];
    }

    /// <summary>The file's full path.</summary>
    public string Name { get; }

    /// <summary>The file itself (its directory is what gets watched).</summary>
    public IReadOnlyList<string> WatchedPaths { get; }

    /// <summary>Reads the file whole, hashes it and parses it; <see cref="ConfigLoadException"/> when it cannot.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<ConfigSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var bytes = await ConfigFile.ReadAsync(Name, cancellationToken);
        return CreateSnapshot(bytes, ConfigHash.Of(bytes));
    }

    /// <summary>The snapshot of the file's bytes; a format adds what else it carries.</summary>
    private protected virtual ConfigSnapshot CreateSnapshot(byte[] bytes, string hash) => new(Parse(bytes), hash, Name);

    /// <summary>The file's bytes as configuration keys; <see cref="ConfigLoadException"/> naming the file when they are not valid.</summary>
    private protected abstract Dictionary<string, string?> Parse(byte[] bytes);
}
