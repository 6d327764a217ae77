using Driftless.Core.Events;

namespace Driftless.Agent.Control;

/// <summary>What one requested pass did.</summary>
/// <param name="Succeeded">No service failed.</param>
/// <param name="Events">The events the pass recorded (no-ops are not recorded by the agent, so not listed).</param>
public sealed record ReconcileResult(bool Succeeded, IReadOnlyList<ApplyEvent> Events);
