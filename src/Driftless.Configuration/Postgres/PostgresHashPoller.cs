using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Postgres;

/// <summary>
/// Polls the stored hash of one document — read from the database each time, never cached — and reports when it differs
/// from the last one seen. The safety net behind LISTEN, and the only detector without it.
/// </summary>
internal sealed class PostgresHashPoller
{
    private readonly PostgresDocumentStore _store;
    private readonly string _key;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;
    private readonly Action _onChanged;
    private readonly ILogger _logger;

    // Only the poll loop (and the start, before it runs) reads and writes these, except _refreshBaseline.
    private string? _lastHash;
    private bool _hasBaseline;
    private volatile bool _refreshBaseline;

    /// <param name="store">Reads the stored hash.</param>
    /// <param name="key">The document key.</param>
    /// <param name="interval">Time between two polls.</param>
    /// <param name="timeProvider">Clock for the interval.</param>
    /// <param name="onChanged">Called on the poll loop when the hash changed, or became known after it was unknown.</param>
    /// <param name="logger">Where failed polls are logged.</param>
    public PostgresHashPoller(
        PostgresDocumentStore store, string key, TimeSpan interval, TimeProvider timeProvider, Action onChanged, ILogger logger)
    {
        _store = store;
        _key = key;
        _interval = interval;
        _timeProvider = timeProvider;
        _onChanged = onChanged;
        _logger = logger;
    }

    /// <summary>
    /// The change was seen elsewhere (a notification, a reconnect): the next poll takes the current hash as its baseline
    /// instead of reporting that change a second time.
    /// </summary>
    public void RequestBaselineRefresh() => _refreshBaseline = true;

    /// <summary>Reads the current hash as the baseline; false (logged) when it cannot be read.</summary>
    public async Task<bool> TryRefreshBaselineAsync(CancellationToken cancellationToken)
    {
        var (read, hash) = await TryReadHashAsync(cancellationToken);
        if (read)
        {
            _lastHash = hash;
            _hasBaseline = true;
        }

        return read;
    }

    /// <summary>Polls until <paramref name="cancellationToken"/> is cancelled; never faults.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_interval, _timeProvider, cancellationToken);
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
                    _onChanged();
                }

                continue;
            }

            var (read, hash) = await TryReadHashAsync(cancellationToken);
            if (read && !string.Equals(hash, _lastHash, StringComparison.Ordinal))
            {
                _lastHash = hash;
                _onChanged();
            }
        }
    }

    private async Task<(bool Read, string? Hash)> TryReadHashAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (true, await _store.GetHashAsync(_key, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (false, null);
        }
#pragma warning disable CA1031 // A failed poll is retried at the next interval.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PostgresLog.PollFailed(_logger, _key, ex);
            return (false, null);
        }
    }
}
