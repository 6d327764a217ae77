using Driftless.Core.Hashing;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.State;

namespace Driftless.Core.Planning;

/// <summary>Desired × Observed × Applied for one service, and the action that follows.</summary>
/// <param name="Service">The registry entry.</param>
/// <param name="Desired">Hash of the inputs on the host now.</param>
/// <param name="Applied">Last verified record; null when never recorded.</param>
/// <param name="Container">The container found; null when missing.</param>
/// <param name="View">What its process sees; null when there is no running process to ask.</param>
/// <param name="Verdict">What is true now.</param>
/// <param name="Action">What apply will do.</param>
/// <param name="Changes">Which files differ (against the applied record, or against what the process sees when nothing is recorded).</param>
/// <param name="Reason">One line for humans explaining the action.</param>
public sealed record PlanItem(
    ServiceSpec Service,
    ContentHash Desired,
    AppliedRecord? Applied,
    RuntimeContainer? Container,
    ProcessView? View,
    Verdict Verdict,
    PlanAction Action,
    IReadOnlyList<InputChange> Changes,
    string Reason)
{
    public bool IsPending => Action != PlanAction.Noop;

    /// <summary>
    /// The mode apply will run: the configured one, or — for an in-place mode whose process cannot see
    /// the new files — the <c>on_stale_mount</c> escalation.
    /// </summary>
    public ApplyMode ModeToRun { get; init; } = Service.Apply;

    /// <summary>Why <see cref="ModeToRun"/> differs from the configured mode: <c>stale_mount</c>, <c>content_differs</c>, <c>not_running</c>, <c>container_missing</c>.</summary>
    public string? Escalation { get; init; }

    /// <summary>For a managed service: the hash of its desired canonical spec (<see cref="Registry.ManagedSpecs.Hash"/>); null otherwise.</summary>
    public string? DesiredSpec { get; init; }

    /// <summary>The service's newest recorded event (its phase: <see cref="ServicePhases.Of"/>); null when none.</summary>
    public Events.ApplyEvent? LastEvent { get; init; }

    public ServicePhase Phase => ServicePhases.Of(LastEvent);
}
