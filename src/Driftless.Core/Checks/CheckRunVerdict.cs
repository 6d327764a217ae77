namespace Driftless.Core.Checks;

/// <summary>How one service fared in <c>driftless check</c>.</summary>
public enum CheckRunVerdict
{
    /// <summary>The check exited 0 within its timeout.</summary>
    Passed,

    /// <summary>The check exited non-zero, timed out, or could not run (no container to take the image from, a missing image or program).</summary>
    Failed,

    /// <summary>The service has no <c>check:</c>: nothing ran, and that is no failure.</summary>
    Skipped,
}
