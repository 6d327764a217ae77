namespace Driftless.Core.Execution;

/// <summary>What a mode reports after running.</summary>
/// <param name="Failure">Why the mode failed (the service rejected the change); null when it ran.</param>
/// <param name="Output">Command output for the event (exec), truncated; null otherwise.</param>
internal sealed record ModeResult(string? Failure = null, string? Output = null)
{
    public static readonly ModeResult Ran = new();
}
