namespace Driftless.Core.Runtime;

/// <summary>What a check container did.</summary>
/// <param name="ExitCode">The check's exit code; null when it timed out (and was killed).</param>
/// <param name="TimedOut">Whether <see cref="CheckRun.Timeout"/> expired before it exited.</param>
/// <param name="OutputTail">The last lines of stdout and stderr together, bounded (the validator's own error line is there).</param>
/// <param name="Duration">From create to exit (or to the kill on timeout).</param>
public sealed record CheckRunResult(long? ExitCode, bool TimedOut, string OutputTail, TimeSpan Duration)
{
    /// <summary>Exit 0 within the timeout.</summary>
    public bool Passed => !TimedOut && ExitCode == 0;
}
