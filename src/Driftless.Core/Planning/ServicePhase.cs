using Driftless.Core.Events;

namespace Driftless.Core.Planning;

/// <summary>Where a service's last change stands. JSON: lower case.</summary>
public enum ServicePhase
{
    /// <summary>A change is in flight: a <c>started</c> event with no outcome yet (or an attempt a crash interrupted).</summary>
    Pending,

    /// <summary>The last change was applied and verified (or nothing was ever needed).</summary>
    Running,

    /// <summary>The last attempt failed; its error is on the event. Roll-forward only: nothing was reverted.</summary>
    Failed,
}

public static class ServicePhases
{
    /// <summary>The phase the newest event of a service implies.</summary>
    public static ServicePhase Of(ApplyEvent? latest) => latest?.Result switch
    {
        EventResult.Started => ServicePhase.Pending,
        EventResult.Failed or EventResult.Rejected => ServicePhase.Failed,
        _ => ServicePhase.Running,
    };
}
