namespace Driftless.Core.Events;

/// <summary>
/// One service, one run (invariant APPLY_IS_OBSERVABLE). Hashes and paths only: file contents and
/// secrets never appear here.
/// </summary>
/// <param name="Mode">The configured mode.</param>
/// <param name="Reason">Why another mode ran: <c>stale_mount</c>, <c>not_running</c>, or <c>fallback: …</c>; null otherwise.</param>
/// <param name="ModeUsed">The mode that actually ran, when it differs from <paramref name="Mode"/>.</param>
/// <param name="Output">For <c>exec</c>: exit code and the last lines of output, truncated; for a rejected change, the check's last lines.</param>
/// <param name="Check">How the service's <c>check:</c> ended in this run; null when none ran.</param>
public sealed record ApplyEvent(
    DateTimeOffset Ts,
    string Service,
    string? OldHash,
    string? NewHash,
    IReadOnlyList<string> ChangedInputs,
    string Mode,
    EventResult Result,
    long DurationMs,
    string? ContainerId,
    string? NewContainerId,
    string? Error,
    string? Reason = null,
    string? ModeUsed = null,
    string? Output = null,
    CheckOutcome? Check = null);
