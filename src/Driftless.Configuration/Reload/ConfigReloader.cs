using Driftless.Configuration.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.Configuration.Reload;

/// <summary>
/// Keeps the last good configuration of one <see cref="IConfigSource"/>: reloads on a change signal,
/// skips identical content, validates, then publishes atomically — or keeps the last good snapshot and
/// reports why. The first load (<see cref="StartAsync"/>) throws; later failures never escape.
/// </summary>
/// <remarks>
/// <see cref="Reloaded"/> and <see cref="ReloadFailed"/> run on the reloading thread while the next load waits,
/// so a handler must not block on <see cref="ForceReloadAsync"/>.
/// Options validation wired by <c>AddDriftlessReload</c> applies to reloads; the first load is the app's to
/// validate (<c>ValidateOnStart</c>), since the container does not exist yet when configuration is built.
/// </remarks>
public sealed class ConfigReloader : IDisposable
{
    private readonly IConfigSource _source;
    private readonly ILogger _logger;
    private readonly SnapshotValidators _validators;
    private readonly ReloadPipeline _pipeline;
    private readonly FileChangeWatcher? _watcher;
    private readonly SourceChangeSubscription? _sourceSignal;
    private readonly ChangeSignalCoalescer _signals;

    // One load at a time: change signals and ForceReloadAsync both go through it.
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    /// <summary>A reloader for <paramref name="source"/>; nothing is loaded or watched until <see cref="StartAsync"/>.</summary>
    /// <param name="source">Where the configuration is loaded from.</param>
    /// <param name="options">Debounce, polling, validators, clock and logging. Default: <see cref="DriftlessReloadOptions"/>'s defaults.</param>
    public ConfigReloader(IConfigSource source, DriftlessReloadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        options ??= new DriftlessReloadOptions();
        options.Validate();
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger<ConfigReloader>() ?? NullLogger.Instance;
        _validators = new SnapshotValidators(options.Validators);
        _pipeline = new ReloadPipeline(
            source,
            _validators,
            _logger,
            WriteThroughToEnvironment,
            (previous, current) => RaiseEach(Reloaded, nameof(Reloaded), h => h(previous, current)),
            error => RaiseEach(ReloadFailed, nameof(ReloadFailed), h => h(error)));
        _signals = new ChangeSignalCoalescer(ReloadInBackgroundAsync, () => Volatile.Read(ref _disposed) != 0);
        if (source.WatchedPaths.Count > 0)
        {
            _watcher = new FileChangeWatcher(
                source.WatchedPaths, _signals.Signal, options.Debounce, options.PollingInterval,
                options.ForcePolling, options.TimeProvider, _logger);
        }

        if (source is IChangeSignalingSource signalingSource)
        {
            _sourceSignal = new SourceChangeSubscription(signalingSource, _signals.Signal, _disposing.Token, _logger);
        }
    }

    /// <summary>Raised after a new snapshot is published, with the previous and the new one. Handlers are isolated.</summary>
    public event Action<ConfigSnapshot, ConfigSnapshot>? Reloaded;

    /// <summary>Raised when a reload was rejected (load or validation failed); the last good snapshot stays current.</summary>
    public event Action<Exception>? ReloadFailed;

    /// <summary>The source this reloader loads.</summary>
    public IConfigSource Source => _source;

    /// <summary>The last good snapshot. Throws before <see cref="StartAsync"/> has succeeded.</summary>
    public ConfigSnapshot Current =>
        _pipeline.Current ?? throw new InvalidOperationException($"{_source.Name}: the reloader has not been started.");

    /// <summary>Why the latest reload was rejected; null once a reload succeeds or the content is back to <see cref="Current"/>.</summary>
    public Exception? LastError => _pipeline.LastError;

    /// <summary>1 after the first load, +1 per published change.</summary>
    public long Revision => _pipeline.Revision;

    internal bool IsStarted => _pipeline.Current is not null;

    internal FileChangeWatcher? Watcher => _watcher;

    /// <summary>Reloads that ran to an outcome (published, unchanged or rejected); for tests and diagnostics.</summary>
    internal long ReloadAttempts => _pipeline.Attempts;

    internal bool IsSignalLoopRunning => _signals.IsRunning;

    /// <summary>What the watcher calls after a quiet period.</summary>
    internal void SignalChange() => _signals.Signal();

    /// <summary>Adds a check run on every later candidate snapshot (e.g. options validation wired from DI).</summary>
    public void AddValidator(Func<ConfigSnapshot, IReadOnlyList<string>> validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        _validators.Add(validator);
    }

    /// <summary>
    /// Loads and validates the first snapshot, then starts watching. Throws <see cref="ConfigLoadException"/>
    /// or <see cref="ConfigValidationException"/>: an application must not start on bad configuration.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        // Watch before the first load so a save racing with it is not missed; a signal queues behind
        // _loadGate and then compares hashes with what was just loaded.
        _watcher?.Start();
        var holdsLoadGate = false;
        try
        {
            await (_sourceSignal?.StartAsync() ?? Task.CompletedTask).WaitAsync(cancellationToken);
            await _loadGate.WaitAsync(cancellationToken);
            holdsLoadGate = true;
            await _pipeline.LoadFirstAsync(cancellationToken);
        }
        catch
        {
            _watcher?.Stop();
            await StopSourceSignalAsync();
            throw;
        }
        finally
        {
            if (holdsLoadGate)
            {
                _loadGate.Release();
            }
        }
    }

    /// <summary>Reloads now, whether or not a change was signalled. Returns whether a new snapshot was published.</summary>
    /// <remarks>A rejected reload does not throw: it returns false and sets <see cref="LastError"/>.</remarks>
    public async Task<bool> ForceReloadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!IsStarted)
        {
            throw new InvalidOperationException($"{_source.Name}: start the reloader before forcing a reload.");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        await _loadGate.WaitAsync(linked.Token);
        try
        {
            return await _pipeline.ReloadAsync(linked.Token);
        }
        finally
        {
            _loadGate.Release();
        }
    }

    /// <summary>Stops watching and the source's change signal; an in-flight reload is cancelled.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _watcher?.Dispose();

        // Cancels an in-flight background load and subscription; the CTS and semaphore are not disposed because
        // that load may still be unwinding through them.
        _disposing.Cancel();

        // Stops the source's signal (closing e.g. its database connections) before returning. On the thread pool, so
        // a caller's synchronization context cannot deadlock it; StopSourceSignalAsync never throws.
        if (_sourceSignal is not null)
        {
            Task.Run(StopSourceSignalAsync).GetAwaiter().GetResult();
        }
    }

    // Env files (alone or as composite layers) that asked for it: the validated variables reach the process environment
    // before the configuration announces the change.
    private void WriteThroughToEnvironment(ConfigSnapshot accepted)
    {
        foreach (var envFile in accepted.EnvFiles)
        {
            if (envFile.Source.Options.WriteThroughToEnvironment)
            {
                envFile.Source.EnvironmentWriteThrough.Apply(envFile.Variables, _logger);
            }
        }
    }

    private Task StopSourceSignalAsync() => _sourceSignal?.StopAsync() ?? Task.CompletedTask;

    // What the coalescer runs per signal: observes every exception, as it must.
    private async Task ReloadInBackgroundAsync()
    {
        try
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                await _loadGate.WaitAsync(_disposing.Token);
                try
                {
                    await _pipeline.ReloadAsync(_disposing.Token);
                }
                finally
                {
                    _loadGate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.BackgroundReloadFailed(_logger, _source.Name, ex);
        }
    }

    // Each subscriber runs on its own: one throwing is logged and the rest still run.
    private void RaiseEach<THandler>(THandler? handlers, string name, Action<THandler> invoke)
        where THandler : Delegate =>
        Subscribers.InvokeEach(handlers, invoke, ex => Log.HandlerFailed(_logger, _source.Name, name, ex));
}
