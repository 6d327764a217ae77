namespace Driftless.Configuration.Sources;

/// <summary>
/// Where configuration comes from. A source only loads; watching, debouncing, validating and publishing
/// are the reloader's. Loading must fail with <see cref="ConfigLoadException"/> — never return an empty
/// snapshot — when the content is missing or cannot be parsed, so a half-written file is never published.
/// </summary>
public interface IConfigSource
{
    /// <summary>A name for messages: the file path, or the document key.</summary>
    string Name { get; }

    /// <summary>Files this source reads, watched by the file watcher; empty for sources with their own change signal.</summary>
    IReadOnlyList<string> WatchedPaths { get; }

    /// <summary>Loads a complete snapshot, or throws <see cref="ConfigLoadException"/>; never an empty stand-in.</summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    Task<ConfigSnapshot> LoadAsync(CancellationToken cancellationToken);
}
