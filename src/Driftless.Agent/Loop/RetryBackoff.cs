namespace Driftless.Agent.Loop;

/// <summary>
/// Per failed service: consecutive failures, and a <see cref="TimeProvider"/> timer that asks for the retry
/// when its <see cref="CappedExponentialBackoff"/> delay is over. A success resets it; until the retry time the
/// tick leaves the service out (an input change, a registry edit or a reconcile still run it at once).
/// </summary>
internal sealed class RetryBackoff(TimeProvider time, CappedExponentialBackoff rule, Action<string> retry) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _failed = new(StringComparer.Ordinal);
    private bool _disposed;

    public DateTimeOffset? RetryAt(string service)
    {
        lock (_gate)
        {
            return _failed.TryGetValue(service, out var entry) ? entry.RetryAt : null;
        }
    }

    public bool Waiting(string service, DateTimeOffset now) => RetryAt(service) is { } at && at > now;

    /// <summary>Counts a failure and schedules the retry; returns the delay chosen.</summary>
    public TimeSpan Fail(string service)
    {
        lock (_gate)
        {
            var failures = 1;
            if (_failed.Remove(service, out var old))
            {
                failures = old.Failures + 1;
                old.Timer.Dispose();
            }

            var delay = rule.Delay(failures);
            if (!_disposed)
            {
                var timer = time.CreateTimer(_ => retry(service), null, delay, Timeout.InfiniteTimeSpan);
                _failed[service] = new Entry(failures, time.GetUtcNow() + delay, timer);
            }

            return delay;
        }
    }

    public void Reset(string service)
    {
        lock (_gate)
        {
            if (_failed.Remove(service, out var old))
            {
                old.Timer.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var entry in _failed.Values)
            {
                entry.Timer.Dispose();
            }

            _failed.Clear();
        }
    }

    private sealed record Entry(int Failures, DateTimeOffset RetryAt, ITimer Timer);
}
