using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.Configuration.Postgres;

/// <summary>
/// Signals changes to one PostgreSQL configuration document. Two independent detectors:
/// <list type="bullet">
/// <item>LISTEN on a dedicated connection (<see cref="PostgresSourceOptions.Listen"/>): <see cref="Changed"/> as soon as
/// the write commits. When that connection is lost it reconnects with capped exponential backoff and, after every
/// reconnect, raises <see cref="FullReloadRequested"/> — notifications sent while disconnected are lost.</item>
/// <item>Polling every <see cref="PostgresSourceOptions.PollInterval"/>: compares the stored hash (read from the
/// database each time, never cached) with the last one seen, and raises <see cref="Changed"/> when it differs.</item>
/// </list>
/// Handlers run on the listener's background tasks; they should be quick (e.g. signal a reloader). A throwing handler
/// is logged and does not stop the listener. <see cref="StartAsync"/> and <see cref="StopAsync"/> are idempotent.
/// </summary>
public sealed class PostgresChangeListener : IAsyncDisposable
{
    private readonly PostgresSourceOptions _options;
    private readonly PostgresDocumentStore _store;
    private readonly PostgresHashPoller _poller;
    private readonly PostgresNotificationListener? _notifications;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();

    private Task? _started;
    private Task? _stopped;
    private Task _listenLoop = Task.CompletedTask;
    private Task _pollLoop = Task.CompletedTask;

    /// <summary>A listener for <see cref="PostgresSourceOptions.Key"/>; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The document key and how changes are detected (copied).</param>
    /// <param name="timeProvider">Clock for polling and the reconnect backoff. Default <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">Where connection losses and failed polls are logged (keys only). Default: no logging.</param>
    public PostgresChangeListener(
        PostgresSourceOptions options, TimeProvider? timeProvider = null, ILogger<PostgresChangeListener>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.ValidatedCopy();
        timeProvider ??= TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _store = new PostgresDocumentStore(_options.ConnectionString);
        _poller = new PostgresHashPoller(_store, _options.Key, _options.PollInterval, timeProvider, RaiseChanged, _logger);
        if (_options.Listen)
        {
            _notifications = new PostgresNotificationListener(
                _options, timeProvider, OnNotified, OnReconnected, _logger);
        }
    }

    /// <summary>The document changed (payload: its key). Reload it.</summary>
    public event Action<string>? Changed;

    /// <summary>The LISTEN connection was re-established after a loss; changes may have been missed. Reload everything.</summary>
    public event Action? FullReloadRequested;

    /// <summary>
    /// Starts detecting changes. Returns once the current hash is known (the baseline for polling) and, when listening,
    /// the first LISTEN attempt has finished — so a write after this returns is not missed. Idempotent.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped is not null, this);
            _started ??= StartCoreAsync();
        }

        return _started.WaitAsync(cancellationToken);
    }

    /// <summary>Stops both detectors and waits for them to finish. Idempotent; safe before or without a start.</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            _stopped ??= StopCoreAsync();
            return _stopped;
        }
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
    }

    private async Task StartCoreAsync()
    {
        var token = _stopping.Token;
        await _poller.TryRefreshBaselineAsync(token);
        if (_notifications is { } notifications)
        {
            _listenLoop = Task.Run(() => notifications.RunAsync(token), CancellationToken.None);
            await notifications.FirstAttempt.WaitAsync(token);
        }

        _pollLoop = Task.Run(() => _poller.RunAsync(token), CancellationToken.None);
    }

    private async Task StopCoreAsync()
    {
        await _stopping.CancelAsync();
        Task? started;
        lock (_gate)
        {
            started = _started;
        }

        if (started is not null)
        {
            await started.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        // Both loops end only by cancellation and never fault.
        await Task.WhenAll(_listenLoop, _pollLoop);
        if (_notifications is not null)
        {
            await _notifications.DisposeAsync();
        }

        await _store.DisposeAsync();
        _stopping.Dispose();
    }

    private void OnNotified()
    {
        _poller.RequestBaselineRefresh();
        RaiseChanged();
    }

    private void OnReconnected()
    {
        _poller.RequestBaselineRefresh();
        Subscribers.InvokeEach(FullReloadRequested, h => h(), ex => PostgresLog.HandlerFailed(_logger, ex));
    }

    private void RaiseChanged() =>
        Subscribers.InvokeEach(Changed, h => h(_options.Key), ex => PostgresLog.HandlerFailed(_logger, ex));
}
