using Driftless.Agent.Watching;
using Driftless.Core.Registry;
using Microsoft.Extensions.Time.Testing;

namespace Driftless.Agent.Tests.Watching;

/// <summary>consul-template semantics, driven by a fake clock: no sleeping.</summary>
public sealed class DebouncerTests
{
    private static readonly WaitSpec Wait = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));

    private readonly FakeTimeProvider _time = new();
    private int _fired;

    [Fact]
    public void Fires_After_Min_Of_Quiet()
    {
        using var debouncer = new Debouncer(_time, () => _fired++);
        debouncer.Signal(Wait);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(0, _fired);

        // Another event restarts the quiet period.
        debouncer.Signal(Wait);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(0, _fired);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _fired);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _fired);
    }

    [Fact]
    public void Continuous_Events_Fire_At_Max_After_The_First()
    {
        using var debouncer = new Debouncer(_time, () => _fired++);
        var elapsed = TimeSpan.Zero;
        while (elapsed < TimeSpan.FromSeconds(12))
        {
            debouncer.Signal(Wait);
            _time.Advance(TimeSpan.FromMilliseconds(100));
            elapsed += TimeSpan.FromMilliseconds(100);
            if (elapsed == TimeSpan.FromMilliseconds(4900))
            {
                Assert.Equal(0, _fired);
            }

            if (elapsed == TimeSpan.FromSeconds(5))
            {
                Assert.Equal(1, _fired);
            }
        }

        // Every 5 s of continuous change still gets acted on: at 5 s and 10 s (the second burst started at 5.0 s).
        Assert.Equal(2, _fired);
    }

    [Fact]
    public void Burst_Of_Twenty_Events_Fires_Once()
    {
        using var debouncer = new Debouncer(_time, () => _fired++);
        for (var i = 0; i < 20; i++)
        {
            debouncer.Signal(Wait);
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(0, _fired);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _fired);
    }

    [Fact]
    public void Min_Zero_Fires_At_Once()
    {
        using var debouncer = new Debouncer(_time, () => _fired++);
        var immediate = new WaitSpec(TimeSpan.Zero, TimeSpan.FromSeconds(5));
        debouncer.Signal(immediate);
        Assert.Equal(1, _fired);
        debouncer.Signal(immediate);
        Assert.Equal(2, _fired);
    }

    [Fact]
    public void Disposed_Debouncer_Does_Not_Fire()
    {
        var debouncer = new Debouncer(_time, () => _fired++);
        debouncer.Signal(Wait);
        debouncer.Dispose();
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, _fired);
    }
}
