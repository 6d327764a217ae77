namespace Driftless.Core.Events;

public static class EventResults
{
    /// <summary>True for the outcomes that leave a service not converged and make <c>apply</c> exit 1: failed and rejected.</summary>
    public static bool IsFailure(this EventResult result) => result is EventResult.Failed or EventResult.Rejected;
}
