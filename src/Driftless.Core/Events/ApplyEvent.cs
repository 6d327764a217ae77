namespace Driftless.Core.Events;

/// <summary>
/// One service, one run (invariant APPLY_IS_OBSERVABLE). Hashes and paths only: file contents and
/// secrets never appear here.
/// </summary>
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
    string? Error);
