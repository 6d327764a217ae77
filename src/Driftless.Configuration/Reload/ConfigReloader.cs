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
    private readonly DriftlessReloadOptions _options;
    private readonly ILogger _logger;
    private readonly FileChangeWatcher? _watcher;
    private readonly IChangeSignalingSource? _signalingSource;
    private readonly List<Func<ConfigSnapshot, IReadOnlyList<string>>> _validators;
    private readonly Lock _validatorsGate = new();

    // One load at a time: change signals and ForceReloadAsync both go through it.
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();

    // Coalesces change signals: a signal that arrives mid-load schedules exactly one more.
    private readonly Lock _signalGate = new();
    private bool _signalLoopRunning;
    private bool _signalPending;

    // The source's own change signal (IChangeSignalingSource): started once, before the first load.
    private readonly Lock _subscriptionGate = new();
    private Task<IAsyncDisposable?>? _subscription;

    private ConfigSnapshot? _current;
    private Exception? _lastError;
    private long _revision;
    private long _attempts;
    private int _disposed;

    public ConfigReloader(IConfigSource source, DriftlessReloadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _options = options ?? new DriftlessReloadOptions();
        _options.Validate();
        _logger = (ILogger?)_options.LoggerFactory?.CreateLogger<ConfigReloader>() ?? NullLogger.Instance;
        _validators = [.. _options.Validators];
        if (source.WatchedPaths.Count > 0)
        {
            _watcher = new FileChangeWatcher(
                source.WatchedPaths, OnChangeSignal, _options.Debounce, _options.PollingInterval,
                _options.ForcePolling, _options.TimeProvider, _logger);
        }

        _signalingSource = source as IChangeSignalingSource;
    }

    /// <summary>Raised after a new snapshot is published, with the previous and the new one. Handlers are isolated.</summary>
    public event Action<ConfigSnapshot, ConfigSnapshot>? Reloaded;

    /// <summary>Raised when a reload was rejected (load or validation failed); the last good snapshot stays current.</summary>
    public event Action<Exception>? ReloadFailed;

    public IConfigSource Source => _source;

    /// <summary>The last good snapshot. Throws before <see cref="StartAsync"/> has succeeded.</summary>
    public ConfigSnapshot Current =>
        Volatile.Read(ref _current) ?? throw new InvalidOperationException($"{_source.Name}: the reloader has not been started.");

    /// <summary>Why the latest reload was rejected; null once a reload succeeds or the content is back to <see cref="Current"/>.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>1 after the first load, +1 per published change.</summary>
    public long Revision => Interlocked.Read(ref _revision);

    internal bool IsStarted => Volatile.Read(ref _current) is not null;

    internal FileChangeWatcher? Watcher => _watcher;

    /// <summary>Reloads that ran to an outcome (published, unchanged or rejected); for tests and diagnostics.</summary>
    internal long ReloadAttempts => Interlocked.Read(ref _attempts);

    internal bool IsSignalLoopRunning
    {
        get
        {
            lock (_signalGate)
            {
                return _signalLoopRunning;
            }
        }
    }

    /// <summary>What the watcher calls after a quiet period.</summary>
    internal void SignalChange() => OnChangeSignal();

    /// <summary>Adds a check run on every later candidate snapshot (e.g. options validation wired from DI).</summary>
    public void AddValidator(Func<ConfigSnapshot, IReadOnlyList<string>> validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        lock (_validatorsGate)
        {
            _validators.Add(validator);
        }
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
        try
        {
            await SubscribeAsync().WaitAsync(cancellationToken);
            await _loadGate.WaitAsync(cancellationToken);
        }
        catch
        {
            _watcher?.Stop();
            await UnsubscribeAsync();
            throw;
        }

        try
        {
            if (_current is null)
            {
                var first = await _source.LoadAsync(cancellationToken);
                var failures = RunValidators(first);
                if (failures.Count > 0)
                {
                    throw new ConfigValidationException(_source.Name, first.Hash, failures);
                }

                Volatile.Write(ref _current, first);
                Interlocked.Exchange(ref _revision, 1);
                Log.Loaded(_logger, _source.Name, first.Hash, 1);
            }
        }
        catch
        {
            _watcher?.Stop();
            await UnsubscribeAsync();
            throw;
        }
        finally
        {
            _loadGate.Release();
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
            return await ReloadCoreAsync(linked.Token);
        }
        finally
        {
            _loadGate.Release();
        }
    }

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
        // a caller's synchronization context cannot deadlock it; UnsubscribeAsync never throws.
        if (_signalingSource is not null)
        {
            Task.Run(UnsubscribeAsync).GetAwaiter().GetResult();
        }
    }

    private Task<IAsyncDisposable?> SubscribeAsync()
    {
        if (_signalingSource is not { } source)
        {
            return Task.FromResult<IAsyncDisposable?>(null);
        }

        lock (_subscriptionGate)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return Task.FromResult<IAsyncDisposable?>(null);
            }

            return _subscription ??= SubscribeCoreAsync(source);
        }
    }

    // Never throws: without its own signal the source still reloads on ForceReloadAsync (and files, if any).
    private async Task<IAsyncDisposable?> SubscribeCoreAsync(IChangeSignalingSource source)
    {
        try
        {
            return await source.WatchAsync(OnSourceChangedAsync, _disposing.Token);
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            Log.SubscriptionFailed(_logger, _source.Name, ex);
            return null;
        }
    }

    private async Task UnsubscribeAsync()
    {
        Task<IAsyncDisposable?>? subscription;
        lock (_subscriptionGate)
        {
            subscription = _subscription;
            _subscription = null;
        }

        if (subscription is null)
        {
            return;
        }

        try
        {
            if (await subscription is { } started)
            {
                await started.DisposeAsync();
            }
        }
        catch (Exception ex)
        {
            Log.SubscriptionFailed(_logger, _source.Name, ex);
        }
    }

    /// <summary>
    /// The source's own signal. A full reload (changes may have been missed) always loads, like every signal: the
    /// reloader never skips a load on a signal, only a publish when the loaded hash equals the published one.
    /// </summary>
    private Task OnSourceChangedAsync(bool fullReload)
    {
        if (fullReload)
        {
            Log.FullReloadRequested(_logger, _source.Name);
        }

        OnChangeSignal();
        return Task.CompletedTask;
    }

    private void OnChangeSignal()
    {
        lock (_signalGate)
        {
            if (_signalLoopRunning)
            {
                _signalPending = true;
                return;
            }

            _signalLoopRunning = true;
        }

        // Off the watcher's timer thread; the loop observes every exception itself.
        _ = Task.Run(RunSignalLoopAsync);
    }

    private async Task RunSignalLoopAsync()
    {
        while (true)
        {
            try
            {
                if (Volatile.Read(ref _disposed) == 0)
                {
                    await _loadGate.WaitAsync(_disposing.Token);
                    try
                    {
                        await ReloadCoreAsync(_disposing.Token);
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

            lock (_signalGate)
            {
                if (!_signalPending || Volatile.Read(ref _disposed) != 0)
                {
                    _signalLoopRunning = false;
                    _signalPending = false;
                    return;
                }

                _signalPending = false;
            }
        }
    }

    // Caller holds _loadGate.
    private async Task<bool> ReloadCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReloadOnceAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _attempts);
        }
    }

    private async Task<bool> ReloadOnceAsync(CancellationToken cancellationToken)
    {
        if (_current is not { } current)
        {
            return false; // the first load failed or has not happened; StartAsync owns that case
        }

        ConfigSnapshot candidate;
        try
        {
            candidate = await _source.LoadAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Missing or half-written file: keep the last good snapshot (never publish empty config).
            Reject(current, ex);
            return false;
        }

        if (string.Equals(candidate.Hash, current.Hash, StringComparison.Ordinal))
        {
            // Identical bytes are not a change; if a bad save was reverted, the error no longer applies.
            if (Interlocked.Exchange(ref _lastError, null) is not null)
            {
                Log.Recovered(_logger, _source.Name, current.Hash);
            }
            else
            {
                Log.Unchanged(_logger, _source.Name, current.Hash);
            }

            return false;
        }

        IReadOnlyList<string> failures;
        try
        {
            failures = RunValidators(candidate);
        }
        catch (Exception ex)
        {
            failures = [$"a validator threw {ex.GetType().Name}"];
            Log.HandlerFailed(_logger, _source.Name, "validator", ex);
        }

        if (failures.Count > 0)
        {
            Reject(current, new ConfigValidationException(_source.Name, candidate.Hash, failures));
            return false;
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Publish: readers see either the old or the new snapshot, never a mix.
        Volatile.Write(ref _current, candidate);
        var revision = Interlocked.Increment(ref _revision);
        Volatile.Write(ref _lastError, null);
        Log.Published(_logger, _source.Name, current.Hash, candidate.Hash, revision);
        Raise(Reloaded, nameof(Reloaded), h => h(current, candidate));
        return true;
    }

    private void Reject(ConfigSnapshot current, Exception error)
    {
        Volatile.Write(ref _lastError, error);
        Log.ReloadRejected(_logger, _source.Name, current.Hash, Revision, error);
        Raise(ReloadFailed, nameof(ReloadFailed), h => h(error));
    }

    private List<string> RunValidators(ConfigSnapshot candidate)
    {
        Func<ConfigSnapshot, IReadOnlyList<string>>[] validators;
        lock (_validatorsGate)
        {
            validators = [.. _validators];
        }

        var failures = new List<string>();
        foreach (var validator in validators)
        {
            failures.AddRange(validator(candidate));
        }

        return failures;
    }

    // Each subscriber runs on its own: one throwing is logged and the rest still run.
    private void Raise<THandler>(THandler? handlers, string name, Action<THandler> invoke)
        where THandler : Delegate
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                invoke((THandler)handler);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(_logger, _source.Name, name, ex);
            }
        }
    }
}
