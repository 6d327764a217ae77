namespace Driftless.Configuration.Reload;

/// <summary>A trailing-edge debounce: every restart pushes the callback out by a full quiet period.</summary>
/// <remarks>Not thread-safe: the owner serializes calls (its gate).</remarks>
internal sealed class QuietPeriodTimer
{
    private readonly TimeSpan _quietPeriod;
    private readonly TimeProvider _time;
    private readonly Action _onQuiet;
    private ITimer? _timer;

    /// <param name="quietPeriod">How long no restart must come before <paramref name="onQuiet"/> runs.</param>
    /// <param name="time">Clock for the quiet period.</param>
    /// <param name="onQuiet">Runs on a timer thread once a quiet period has passed without a restart.</param>
    public QuietPeriodTimer(TimeSpan quietPeriod, TimeProvider time, Action onQuiet)
    {
        _quietPeriod = quietPeriod;
        _time = time;
        _onQuiet = onQuiet;
    }

    public void Restart()
    {
        _timer ??= _time.CreateTimer(static s => ((QuietPeriodTimer)s!)._onQuiet(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(_quietPeriod, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancels a pending callback; one already running is not waited for.</summary>
    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
