using Driftless.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Loop;

/// <summary>Tells every <see cref="IAgentLoopListener"/>; one that throws is logged and never stops the others or the loop.</summary>
internal sealed class LoopListeners(IEnumerable<IAgentLoopListener> listeners, ILogger logger)
{
    private readonly IAgentLoopListener[] _listeners = listeners.ToArray();

    public void RegistryApplied(RegistryUpdate update) => Each(l => l.RegistryApplied(update));

    public void RegistryRejected(RegistryRejection rejection) => Each(l => l.RegistryRejected(rejection));

    public void PassCompleted(PassCompletion pass) => Each(l => l.PassCompleted(pass));

    public void ApplyLockHeld(LockHeldException error, TimeSpan retryIn) => Each(l => l.ApplyLockHeld(error, retryIn));

    public void InputsUnchanged(string service, string hash) => Each(l => l.InputsUnchanged(service, hash));

    private void Each(Action<IAgentLoopListener> tell)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                tell(listener);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.ListenerFailed(logger, listener.GetType().Name, e);
            }
        }
    }
}
