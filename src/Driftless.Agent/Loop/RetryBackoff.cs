namespace Driftless.Agent.Loop;

/// <summary>
/// Per failed service: consecutive failures, and a <see cref="TimeProvider"/> timer that asks for the retry
/// when its <see cref="CappedExponentialBackoff"/> delay is over. A success resets it; until its timer has asked for
/// the retry the tick leaves the service out (an input change, a registry edit or a reconcile still run it at once),
/// so a failed service — a change its <c>check:</c> rejected too — is tried once per backoff step, not once per tick.
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

    /// <summary>
    /// True from a failure until its timer has asked for the retry. Not a comparison of clock readings: a tick at the
    /// very instant the retry falls due would otherwise run the service and its timer's request run it again.
    /// </summary>
    public bool Waiting(string service)
    {
        lock (_gate)
        {
            return _failed.TryGetValue(service, out var entry) && !entry.Due;
        }
    }

    /// <summary>Counts a failure and schedules the retry; returns the delay chosen.</summary>
    public TimeSpan Fail(string service)
    {
        lock (_gate)
        {
            var failures = 1;
            if (_failed.Remove(service, out var old))
            {
                failures = old.Failures + 1;
                old.Timer?.Dispose();
            }

            var delay = rule.Delay(failures);
            if (!_disposed)
            {
                var entry = new Entry(failures, time.GetUtcNow() + delay);
                _failed[service] = entry;
                entry.Timer = time.CreateTimer(_ => Due(service, entry), null, delay, Timeout.InfiniteTimeSpan);
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
                old.Timer?.Dispose();
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
                entry.Timer?.Dispose();
            }

            _failed.Clear();
        }
    }

    private void Due(string service, Entry entry)
    {
        lock (_gate)
        {
            // A timer that fired as its entry was replaced (a new failure) or reset asks for nothing.
            if (!_failed.TryGetValue(service, out var current) || !ReferenceEquals(current, entry))
            {
                return;
            }

            entry.Due = true;
        }

        retry(service);
    }

    private sealed class Entry(int failures, DateTimeOffset retryAt)
    {
        public int Failures { get; } = failures;

        public DateTimeOffset RetryAt { get; } = retryAt;

        public ITimer? Timer { get; set; }

        /// <summary>The timer fired: the retry is requested, and the tick may cover the service again (e.g. after a pass that failed as a whole).</summary>
        public bool Due { get; set; }
    }
}
