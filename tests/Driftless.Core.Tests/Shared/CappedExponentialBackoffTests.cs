namespace Driftless.Core.Tests.Shared;

public sealed class CappedExponentialBackoffTests
{
    private static readonly CappedExponentialBackoff Agent = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    [Fact]
    public void Delay_DoublesFromTheFirst_UntilTheCap()
    {
        var delays = Enumerable.Range(1, 11).Select(a => Agent.Delay(a).TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300], delays);
    }

    [Fact]
    public void Delay_NeverOverflows_ForHugeAttemptNumbers()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), Agent.Delay(63));
        Assert.Equal(TimeSpan.FromMinutes(5), Agent.Delay(int.MaxValue));
        Assert.Equal(TimeSpan.MaxValue, new CappedExponentialBackoff(TimeSpan.FromDays(1), TimeSpan.MaxValue).Delay(1000));
    }

    [Fact]
    public void Delay_IsTheCap_WhenTheFirstDelayExceedsIt()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), new CappedExponentialBackoff(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)).Delay(1));
    }

    [Fact]
    public void Delay_IsZero_WhenTheFirstDelayIsZero()
    {
        Assert.Equal(TimeSpan.Zero, new CappedExponentialBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(2)).Delay(5));
    }

    [Fact]
    public void Delay_RejectsAttemptsBelowOne()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Agent.Delay(0));
    }

    [Fact]
    public void Delay_WithSubSecondSteps_MatchesTheVerifyRetrySchedule()
    {
        var verify = new CappedExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

        Assert.Equal([100, 200, 400, 800, 1600, 2000, 2000], Enumerable.Range(1, 7).Select(a => verify.Delay(a).TotalMilliseconds));
    }
}
