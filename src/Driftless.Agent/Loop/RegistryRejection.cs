using Driftless.Core.Errors;

namespace Driftless.Agent.Loop;

/// <summary>An edit of the registry file that was not put in force.</summary>
/// <param name="RegistryPath">The registry file.</param>
/// <param name="Error">Why: every problem as <c>file:line:column: key: problem</c> lines, or why its state directory cannot be used.</param>
/// <param name="At">When the edit was read.</param>
/// <param name="RevisionInForce">The revision still converged.</param>
public sealed record RegistryRejection(string RegistryPath, DriftlessException Error, DateTimeOffset At, long RevisionInForce);
