namespace Driftless;

/// <summary>
/// Capped exponential backoff: <c>first, 2×first, 4×first, …</c> up to <c>cap</c>. One source file, compiled
/// into each assembly that retries (Core, Agent, Configuration — the library must not depend on Core), so
/// the rule exists once. No jitter: the callers retry one resource each, not a thundering herd.
/// </summary>
internal readonly record struct CappedExponentialBackoff(TimeSpan First, TimeSpan Cap)
{
    /// <summary>The delay before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
    public TimeSpan Delay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (First <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        // Past 2^62 ticks the doubling would overflow; by then the cap has long been reached.
        var exponent = Math.Min(attempt - 1, 62);
        var ticks = First.Ticks <= Cap.Ticks >> exponent ? First.Ticks << exponent : Cap.Ticks;
        return TimeSpan.FromTicks(Math.Min(ticks, Cap.Ticks));
    }
}
