using Microsoft.Extensions.Logging;
using Npgsql;

namespace Driftless.Configuration.Postgres;

/// <summary>
/// LISTENs for one document's notifications on a dedicated connection. When that connection is lost it reconnects with
/// capped exponential backoff and reports the reconnect: notifications sent while disconnected are lost.
/// </summary>
internal sealed class PostgresNotificationListener : IAsyncDisposable
{
    private static readonly CappedExponentialBackoff Reconnect = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _key;
    private readonly TimeProvider _timeProvider;
    private readonly Action _onNotified;
    private readonly Action _onReconnected;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="options">Validated options with <see cref="PostgresSourceOptions.Listen"/> set.</param>
    /// <param name="timeProvider">Clock for the reconnect backoff.</param>
    /// <param name="onNotified">Called on the connection's thread for each notification about the key.</param>
    /// <param name="onReconnected">Called on the loop after the connection was re-established.</param>
    /// <param name="logger">Where connection losses are logged.</param>
    public PostgresNotificationListener(
        PostgresSourceOptions options, TimeProvider timeProvider, Action onNotified, Action onReconnected, ILogger logger)
    {
        _key = options.Key;
        _timeProvider = timeProvider;
        _onNotified = onNotified;
        _onReconnected = onReconnected;
        _logger = logger;
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            ApplicationName = options.ListenerApplicationName,
            // A broken LISTEN connection must never go back to a pool; a new one is opened instead.
            Pooling = false,
        };
        if (builder.KeepAlive == 0)
        {
            // Detects a silently dead connection while WaitAsync idles.
            builder.KeepAlive = 15;
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Completes when the first LISTEN attempt has finished, whether or not it succeeded (polling covers an outage).</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    /// <summary>Listens, reconnecting, until <paramref name="cancellationToken"/> is cancelled; never faults.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        var lostConnection = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand("LISTEN " + PostgresDocumentStore.NotifyChannel, connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                failures = 0;
                _firstAttempt.TrySetResult();
                if (lostConnection)
                {
                    lostConnection = false;
                    PostgresLog.ListenerReconnected(_logger, _key);
                    _onReconnected();
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
                _firstAttempt.TrySetResult();
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

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == PostgresDocumentStore.NotifyChannel && string.Equals(e.Payload, _key, StringComparison.Ordinal))
        {
            _onNotified();
        }
    }
}
