using Driftless.Core.Registry;

namespace Driftless.Core.Checks;

/// <summary>One service's result in <c>driftless check</c>.</summary>
/// <param name="Service">The service's name.</param>
/// <param name="Where">Where its check ran; null when it has none.</param>
/// <param name="Outcome">Passed, failed, or skipped (no check).</param>
/// <param name="Error">Why it failed (<c>check `caddy` exited 1</c>); null otherwise.</param>
/// <param name="Output">The check's last output lines, each <c>${NAME}</c> value shown as its template; empty when none.</param>
/// <param name="Duration">How long the check took; zero when nothing ran.</param>
public sealed record ServiceCheck(
    string Service,
    CheckLocation? Where,
    CheckRunVerdict Outcome,
    string? Error,
    IReadOnlyList<string> Output,
    TimeSpan Duration);
