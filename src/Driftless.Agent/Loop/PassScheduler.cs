using System.Threading.Channels;

namespace Driftless.Agent.Loop;

/// <summary>
/// When the loop runs and what a pass covers: requests (triggers, reconcile calls, backoff retries) coalesce
/// until the loop takes them; a held apply lock pauses passes for a retry delay; each failed service backs
/// off on its own. It also knows since when work has been waiting without a pass completing (health).
/// </summary>
internal sealed class PassScheduler : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly PassRequests _requests = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private ITimer? _pause;
    private long _pauses;
    private bool _reloadRegistry;
    private DateTimeOffset? _pendingSince;

    public PassScheduler(TimeProvider time, CappedExponentialBackoff retries)
    {
        _time = time;
        Backoff = new RetryBackoff(time, retries, Request);
    }

    public RetryBackoff Backoff { get; }

    /// <summary>Since when work has waited with no pass completed; null when the loop is idle.</summary>
    public DateTimeOffset? PendingSince
    {
        get
        {
            lock (_gate)
            {
                return _pendingSince;
            }
        }
    }

    /// <summary>Every service; <paramref name="force"/> false (the tick) leaves out services backing off or settling.</summary>
    public void RequestAll(bool force) => Add(requests => requests.AddAll(force));

    /// <summary>One service, backoff or not.</summary>
    public void Request(string service) => Add(requests => requests.Add(service));

    public void Reconcile(PassWaiter waiter) => Add(requests => requests.AddWaiter(waiter));

    /// <summary>The registry file settled after a change: re-read it before the next pass.</summary>
    public void RequestRegistryReload()
    {
        lock (_gate)
        {
            _reloadRegistry = true;
            _pendingSince ??= _time.GetUtcNow();
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>Returns once there is work: a registry to re-read, or requests while no lock retry is pending.</summary>
    public async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_reloadRegistry || (_pause is null && !_requests.IsEmpty))
                {
                    return;
                }
            }

            await _wake.Reader.ReadAsync(cancellationToken);
        }
    }

    public bool TakeRegistryReload()
    {
        lock (_gate)
        {
            var reload = _reloadRegistry;
            _reloadRegistry = false;
            return reload;
        }
    }

    /// <summary>The coalesced requests, or null when a lock retry is pending or nothing was asked.</summary>
    public PassBatch? TakeBatch()
    {
        lock (_gate)
        {
            return _pause is null && !_requests.IsEmpty ? _requests.Take() : null;
        }
    }

    /// <summary>The apply lock is held: the batch waits <paramref name="delay"/> (merged with what arrives meanwhile).</summary>
    public void PauseFor(PassBatch batch, TimeSpan delay)
    {
        lock (_gate)
        {
            _requests.Restore(batch);
            _pause?.Dispose();
            var pause = ++_pauses;
            // Armed before anyone hears of the lock, so a test clock advanced on that news fires it.
            _pause = _time.CreateTimer(_ => Resume(pause), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The loop finished a round of work (a pass, a batch that selected nothing, or a registry read).</summary>
    public void Done()
    {
        lock (_gate)
        {
            if (_requests.IsEmpty && !_reloadRegistry)
            {
                _pendingSince = null;
            }
            else if (_pause is null)
            {
                _pendingSince = _time.GetUtcNow();
            }

            // Else passes still wait for the apply lock: a registry read in between is no progress.
        }
    }

    /// <summary>At stop: the reconcile calls no pass will answer.</summary>
    public IReadOnlyList<PassWaiter> Abandon()
    {
        lock (_gate)
        {
            _pause?.Dispose();
            _pause = null;
            return _requests.Take().Waiters;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _pause?.Dispose();
            _pause = null;
        }

        Backoff.Dispose();
    }

    private void Add(Action<PassRequests> add)
    {
        lock (_gate)
        {
            add(_requests);
            _pendingSince ??= _time.GetUtcNow();
        }

        _wake.Writer.TryWrite(true);
    }

    private void Resume(long pause)
    {
        lock (_gate)
        {
            if (pause != _pauses)
            {
                return;
            }

            _pause?.Dispose();
            _pause = null;
        }

        _wake.Writer.TryWrite(true);
    }
}
