using Driftless.Core.Registry;

namespace Driftless.Agent.Watching;

/// <summary>
/// A debounce for one key (a service, or the registry file): fires after <see cref="WaitSpec.Min"/>
/// of quiet, and at the latest <see cref="WaitSpec.Max"/> after the first event of a burst, so a file that keeps
/// changing still gets applied. Min 0 fires at once. Timed by a <see cref="TimeProvider"/> so tests need no sleeps.
/// </summary>
internal sealed class Debouncer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Action _fire;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private DateTimeOffset? _burstStart;
    private bool _disposed;

    /// <param name="time">Clock and timers.</param>
    /// <param name="fire">Called once per burst, on a timer thread (or inline when min is 0); must not throw.</param>
    public Debouncer(TimeProvider time, Action fire)
    {
        _time = time;
        _fire = fire;
    }

    /// <summary>A burst is waiting to fire.</summary>
    public bool Pending
    {
        get
        {
            lock (_gate)
            {
                return _burstStart is not null;
            }
        }
    }

    /// <summary>One change event.</summary>
    public void Signal(WaitSpec wait)
    {
        ArgumentNullException.ThrowIfNull(wait);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (wait.Min <= TimeSpan.Zero)
            {
                _burstStart = null;
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            else
            {
                var now = _time.GetUtcNow();
                _burstStart ??= now;
                var quiet = now + wait.Min;
                var latest = _burstStart.Value + (wait.Max > wait.Min ? wait.Max : wait.Min);
                var due = (quiet < latest ? quiet : latest) - now;
                if (due < TimeSpan.Zero)
                {
                    due = TimeSpan.Zero;
                }

                if (_timer is null)
                {
                    _timer = _time.CreateTimer(_ => OnTimer(), null, due, Timeout.InfiniteTimeSpan);
                }
                else
                {
                    _timer.Change(due, Timeout.InfiniteTimeSpan);
                }

                return;
            }
        }

        _fire();
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed || _burstStart is null)
            {
                return;
            }

            _burstStart = null;
        }

        _fire();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }
}
