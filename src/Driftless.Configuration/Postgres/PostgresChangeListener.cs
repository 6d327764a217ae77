using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

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
    private static readonly CappedExponentialBackoff Reconnect = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));

    private readonly PostgresSourceOptions _options;
    private readonly PostgresDocumentStore _store;
    private readonly NpgsqlDataSource? _listenDataSource;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task? _started;
    private Task? _stopped;
    private Task _listenLoop = Task.CompletedTask;
    private Task _pollLoop = Task.CompletedTask;

    // Only the poll loop reads and writes these, except _refreshBaseline which the LISTEN side sets.
    private string? _lastHash;
    private bool _hasBaseline;
    private volatile bool _refreshBaseline;

    public PostgresChangeListener(
        PostgresSourceOptions options, TimeProvider? timeProvider = null, ILogger<PostgresChangeListener>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.ValidatedCopy();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _store = new PostgresDocumentStore(_options.ConnectionString);
        if (_options.Listen)
        {
            var builder = new NpgsqlConnectionStringBuilder(_options.ConnectionString)
            {
                ApplicationName = _options.ListenerApplicationName,
                // A broken LISTEN connection must never go back to a pool; a new one is opened instead.
                Pooling = false,
            };
            if (builder.KeepAlive == 0)
            {
                // Detects a silently dead connection while WaitAsync idles.
                builder.KeepAlive = 15;
            }

            _listenDataSource = NpgsqlDataSource.Create(builder.ConnectionString);
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

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
    }

    private async Task StartCoreAsync()
    {
        var token = _stopping.Token;
        await TryRefreshBaselineAsync(token);
        if (_listenDataSource is not null)
        {
            _listenLoop = Task.Run(() => ListenLoopAsync(_listenDataSource, token), CancellationToken.None);
            await _listening.Task.WaitAsync(token);
        }

        _pollLoop = Task.Run(() => PollLoopAsync(token), CancellationToken.None);
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
        if (_listenDataSource is not null)
        {
            await _listenDataSource.DisposeAsync();
        }

        await _store.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task ListenLoopAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var failures = 0;
        var lostConnection = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand("LISTEN " + PostgresDocumentStore.NotifyChannel, connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                failures = 0;
                _listening.TrySetResult();
                if (lostConnection)
                {
                    lostConnection = false;
                    PostgresLog.ListenerReconnected(_logger, _options.Key);
                    _refreshBaseline = true;
                    Raise(FullReloadRequested);
                }

                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Whatever broke the connection, the listener reconnects rather than dying silently.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // The first attempt counts as "finished" for StartAsync: polling covers the outage.
                _listening.TrySetResult();
                lostConnection = true;
                var delay = Reconnect.Delay(++failures);
                PostgresLog.ListenerConnectionLost(_logger, delay, ex);
                try
                {
                    await Task.Delay(delay, _timeProvider, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == PostgresDocumentStore.NotifyChannel && string.Equals(e.Payload, _options.Key, StringComparison.Ordinal))
        {
            // The poll loop takes the new hash as its baseline instead of reporting this change a second time.
            _refreshBaseline = true;
            Raise(Changed, _options.Key);
        }
    }

    private async Task PollLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.PollInterval, _timeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (_refreshBaseline || !_hasBaseline)
            {
                var hadBaseline = _hasBaseline;
                _refreshBaseline = false;
                if (await TryRefreshBaselineAsync(cancellationToken) && !hadBaseline)
                {
                    // The hash was unknown at start (database unreachable): whatever it is now may be news.
                    Raise(Changed, _options.Key);
                }

                continue;
            }

            string? hash;
            try
            {
                hash = await _store.GetHashAsync(_options.Key, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed poll is retried at the next interval.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                PostgresLog.PollFailed(_logger, _options.Key, ex);
                continue;
            }

            if (!string.Equals(hash, _lastHash, StringComparison.Ordinal))
            {
                _lastHash = hash;
                Raise(Changed, _options.Key);
            }
        }
    }

    private async Task<bool> TryRefreshBaselineAsync(CancellationToken cancellationToken)
    {
        try
        {
            _lastHash = await _store.GetHashAsync(_options.Key, cancellationToken);
            _hasBaseline = true;
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
#pragma warning disable CA1031 // Unknown baseline: the poll loop retries.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PostgresLog.PollFailed(_logger, _options.Key, ex);
            return false;
        }
    }

    private void Raise(Action? handlers)
    {
        try
        {
            handlers?.Invoke();
        }
#pragma warning disable CA1031 // A subscriber's failure must not stop change detection.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PostgresLog.HandlerFailed(_logger, ex);
        }
    }

    private void Raise(Action<string>? handlers, string key)
    {
        try
        {
            handlers?.Invoke(key);
        }
#pragma warning disable CA1031 // A subscriber's failure must not stop change detection.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PostgresLog.HandlerFailed(_logger, ex);
        }
    }
}
