using Driftless.Core.Errors;

namespace Driftless.Agent.Loop;

/// <summary>
/// Hears what the convergence loop does (YARP's <c>IConfigChangeListener</c>, for the agent): the agent's
/// logging and metrics are listeners; register more with <c>services.AddSingleton&lt;IAgentLoopListener, T&gt;()</c>.
/// Calls come from the loop's own thread or a timer thread, one at a time per event, after the state they
/// report is visible through <see cref="Control.IAgentControl"/>; a listener that throws is logged and never
/// stops the loop or the other listeners. Every member has an empty default, so members can be added.
/// </summary>
public interface IAgentLoopListener
{
    /// <summary>A registry is in force: the one handed over at start (revision 1), then each accepted edit.</summary>
    void RegistryApplied(RegistryUpdate update)
    {
    }

    /// <summary>An edit of the registry file was invalid; the last good registry stays in force.</summary>
    void RegistryRejected(RegistryRejection rejection)
    {
    }

    /// <summary>A pass finished (or failed as a whole), the apply lock released.</summary>
    void PassCompleted(PassCompletion pass)
    {
    }

    /// <summary><c>driftless apply</c> holds the apply lock: the requested pass waits <paramref name="retryIn"/>, then tries again.</summary>
    void ApplyLockHeld(LockHeldException error, TimeSpan retryIn)
    {
    }

    /// <summary>A service's files settled with the content last acted on (identical bytes saved): no pass.</summary>
    void InputsUnchanged(string service, string hash)
    {
    }
}
