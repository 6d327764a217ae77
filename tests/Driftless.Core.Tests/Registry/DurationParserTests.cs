using Driftless.Core.Registry;

namespace Driftless.Core.Tests.Registry;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("1m", 60_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("1h2m3s4ms", 3_723_004)]
    public void TryParse_AcceptsGoDurations(string text, long milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("1d")]
    [InlineData("ms")]
    [InlineData("1 s")]
    [InlineData("-5s")]
    [InlineData("1.s5")]
    [InlineData(".5s")]
    [InlineData("1.s")]
    [InlineData("1..5s")]
    [InlineData("1.5.2s")]
    public void TryParse_RejectsMalformedDurations(string text) =>
        Assert.False(DurationParser.TryParse(text, out _));

    [Fact]
    public void TryParse_PositiveDurationBelowTickPrecision_IsOneTick()
    {
        Assert.True(DurationParser.TryParse("0.00001ms", out var duration));
        Assert.Equal(TimeSpan.FromTicks(1), duration);
    }
}
