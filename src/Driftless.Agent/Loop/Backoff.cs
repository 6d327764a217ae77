namespace Driftless.Agent.Loop;

/// <summary>
/// Capped exponential backoff per failed service (base, 2×base, 4×base … cap), each retry scheduled by a
/// <see cref="TimeProvider"/> timer. A success resets it; the tick skips a service until its retry time.
/// </summary>
internal sealed class Backoff(TimeProvider time, TimeSpan baseDelay, TimeSpan cap, Action<string> retry) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Failures, DateTimeOffset RetryAt, ITimer Timer)> _failed = new(StringComparer.Ordinal);

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

            var delay = Delay(failures);
            var timer = time.CreateTimer(_ => retry(service), null, delay, Timeout.InfiniteTimeSpan);
            _failed[service] = (failures, time.GetUtcNow() + delay, timer);
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

    public TimeSpan Delay(int failures)
    {
        var exponent = Math.Min(failures - 1, 30);
        var ticks = baseDelay.Ticks * (1L << exponent);
        return ticks <= 0 || ticks > cap.Ticks ? cap : TimeSpan.FromTicks(ticks);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _failed.Values)
            {
                entry.Timer.Dispose();
            }

            _failed.Clear();
        }
    }
}
