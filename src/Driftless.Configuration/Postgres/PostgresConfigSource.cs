using System.Text;
using Driftless.Configuration.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Driftless.Configuration.Postgres;

/// <summary>
/// A JSON configuration document stored in PostgreSQL, flattened exactly as <see cref="JsonFileSource"/> flattens a
/// file. It has no files to watch: created with <see cref="PostgresSourceOptions"/>, it signals changes through a
/// <see cref="PostgresChangeListener"/> (<see cref="WatchAsync"/>); created with a key only, it has no change signal
/// and reloads only when forced.
/// </summary>
public sealed class PostgresConfigSource : IChangeSignalingSource
{
    private readonly PostgresDocumentStore _store;
    private readonly string _key;
    private readonly PostgresSourceOptions? _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory? _loggerFactory;

    /// <summary>A source for the document <paramref name="key"/> without a change signal: it reloads only when forced.</summary>
    /// <param name="store">Reads the document; the caller keeps ownership.</param>
    /// <param name="key">The document key.</param>
    public PostgresConfigSource(PostgresDocumentStore store, string key)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _store = store;
        _key = key;
        _timeProvider = TimeProvider.System;
    }

    /// <summary>A source for <see cref="PostgresSourceOptions.Key"/> whose changes are detected as <paramref name="options"/> say.</summary>
    /// <param name="store">Reads the document; the caller keeps ownership.</param>
    /// <param name="options">The document key and how changes are detected (copied).</param>
    /// <param name="timeProvider">Clock for the listener's polling and reconnect backoff. Default <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">Where the listener logs (keys and hashes only). Default: no logging.</param>
    public PostgresConfigSource(
        PostgresDocumentStore store, PostgresSourceOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.ValidatedCopy();
        _key = _options.Key;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The document key; names the source in errors, logs and health.</summary>
    public string Name => _key;

    /// <summary>The store this source reads; writers (e.g. an admin endpoint) write through it.</summary>
    public PostgresDocumentStore Store => _store;

    /// <summary>The document key this source reads.</summary>
    public string Key => _key;

    /// <summary>None: changes are signalled by <see cref="WatchAsync"/>, not by files.</summary>
    public IReadOnlyList<string> WatchedPaths { get; } = [];

    /// <summary>Reads the current document and flattens it like a JSON file.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ConfigLoadException">The document is missing, unreadable or not valid JSON.</exception>
    public async Task<ConfigSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        StoredDocument? document;
        try
        {
            document = await _store.GetAsync(_key, cancellationToken);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConfigLoadException(Name, 0, "cannot read the document: " + ex.Message, ex);
        }

        if (document is null)
        {
            throw new ConfigLoadException(Name, 0, "document not found");
        }

        var values = JsonFileSource.Parse(Name, Encoding.UTF8.GetBytes(document.Content));
        // The stored hash, so a snapshot compares equal to what PostgresDocumentStore.GetHashAsync reports.
        return new ConfigSnapshot(values, document.Hash, Name);
    }

    /// <summary>
    /// Starts a <see cref="PostgresChangeListener"/> for this document: <see cref="PostgresChangeListener.Changed"/> signals
    /// one change, <see cref="PostgresChangeListener.FullReloadRequested"/> (after a reconnect) a full reload. Disposing the
    /// result stops the listener and closes its connections. Without <see cref="PostgresSourceOptions"/> nothing is signalled.
    /// </summary>
    public async Task<IAsyncDisposable> WatchAsync(Func<bool, Task> onChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        if (_options is null)
        {
            return NoSubscription.Instance;
        }

        ILogger logger = (ILogger?)_loggerFactory?.CreateLogger<PostgresConfigSource>() ?? NullLogger.Instance;
        var listener = new PostgresChangeListener(_options, _timeProvider, _loggerFactory?.CreateLogger<PostgresChangeListener>());
        listener.Changed += key =>
        {
            if (string.Equals(key, _key, StringComparison.Ordinal))
            {
                Signal(onChange, fullReload: false, logger);
            }
        };
        listener.FullReloadRequested += () => Signal(onChange, fullReload: true, logger);
        try
        {
            await listener.StartAsync(cancellationToken);
        }
        catch
        {
            await listener.DisposeAsync();
            throw;
        }

        return listener;
    }

    // The listener's handlers are synchronous: observe the callback's task so a fault is logged, never unobserved.
    private static void Signal(Func<bool, Task> onChange, bool fullReload, ILogger logger)
    {
        Task task;
        try
        {
            task = onChange(fullReload);
        }
#pragma warning disable CA1031 // A subscriber's failure must not stop change detection.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PostgresLog.HandlerFailed(logger, ex);
            return;
        }

        if (!task.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(task, logger);
        }
    }

    private static async Task ObserveAsync(Task task, ILogger logger)
    {
        try
        {
            await task;
        }
#pragma warning disable CA1031 // Logged: the change signal has no caller to report to.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PostgresLog.HandlerFailed(logger, ex);
        }
    }

    private sealed class NoSubscription : IAsyncDisposable
    {
        public static readonly NoSubscription Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
