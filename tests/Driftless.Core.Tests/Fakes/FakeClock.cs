using Microsoft.Extensions.Time.Testing;

namespace Driftless.Core.Tests.Fakes;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that remembers the due time of every timer created on it (each
/// <c>Task.Delay(…, time)</c> of the code under test), so a test can advance the clock exactly when a wait has
/// begun — and assert how long each wait was — without sleeping.
/// </summary>
internal sealed class FakeClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly List<TimeSpan> _waits = [];

    /// <summary>The due time of every timer created so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_waits)
            {
                return [.. _waits];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Counted only once the timer is registered: a test that advances the clock as soon as it sees the wait
        // must not advance it before the timer exists (the timer would then be due a full delay later).
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_waits)
        {
            _waits.Add(dueTime);
        }

        return timer;
    }
}
