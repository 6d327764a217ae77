using Driftless.Configuration.Sources;
using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Reload;

/// <summary>
/// The own change signal of an <see cref="IChangeSignalingSource"/>: started at most once until stopped. Starting and
/// stopping never throw — without its signal the source still reloads when forced (and on its files, if any).
/// </summary>
internal sealed class SourceChangeSubscription
{
    private readonly IChangeSignalingSource _source;
    private readonly Action _onChange;
    private readonly CancellationToken _disposing;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task<IAsyncDisposable?>? _subscription;

    /// <param name="source">The source whose change signal is subscribed.</param>
    /// <param name="onChange">Called for every signal, full reloads included.</param>
    /// <param name="disposing">The owner's end: no subscription starts once it is cancelled, and a start in progress stops.</param>
    /// <param name="logger">Where a failed subscription is logged.</param>
    public SourceChangeSubscription(IChangeSignalingSource source, Action onChange, CancellationToken disposing, ILogger logger)
    {
        _source = source;
        _onChange = onChange;
        _disposing = disposing;
        _logger = logger;
    }

    public Task StartAsync()
    {
        lock (_gate)
        {
            if (_disposing.IsCancellationRequested)
            {
                return Task.CompletedTask;
            }

            return _subscription ??= SubscribeAsync();
        }
    }

    public async Task StopAsync()
    {
        Task<IAsyncDisposable?>? subscription;
        lock (_gate)
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

    private async Task<IAsyncDisposable?> SubscribeAsync()
    {
        try
        {
            return await _source.WatchAsync(OnSourceChangedAsync, _disposing);
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

    /// <summary>
    /// A full reload (changes may have been missed) always loads, like every signal: the reloader never skips a load on a
    /// signal, only a publish when the loaded hash equals the published one.
    /// </summary>
    private Task OnSourceChangedAsync(bool fullReload)
    {
        if (fullReload)
        {
            Log.FullReloadRequested(_logger, _source.Name);
        }

        _onChange();
        return Task.CompletedTask;
    }
}
