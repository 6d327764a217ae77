using Driftless.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Loop;

/// <summary>The agent's log of what its loop does. A pass error carries the user's message at Error, its stack only at Debug.</summary>
internal sealed class LogListener(ILoggerFactory loggers) : IAgentLoopListener
{
    private readonly ILogger _logger = loggers.CreateLogger<ConvergenceLoop>();

    public void RegistryApplied(RegistryUpdate update)
    {
        if (update.Previous is not null)
        {
            Log.RegistryReloaded(_logger, update.Registry.FilePath, update.Revision, update.Registry.Services.Count);
        }
    }

    public void RegistryRejected(RegistryRejection rejection) =>
        Log.RegistryRejected(_logger, rejection.RevisionInForce, rejection.Error.Message);

    public void PassCompleted(PassCompletion pass)
    {
        foreach (var (service, delay) in pass.Retries)
        {
            Log.RetryScheduled(_logger, service, delay.TotalMilliseconds);
        }

        switch (pass.Error)
        {
            case null:
                break;
            case EngineUnreachableException unreachable:
                Log.EngineUnreachable(_logger, unreachable.Message);
                break;
            case DriftlessException known:
                Log.PassFailed(_logger, known.Message);
                Log.PassFailedDetail(_logger, known);
                break;
            case OperationCanceledException:
                Log.PassFailed(_logger, "the pass was cancelled: the shutdown timeout expired");
                break;
            default:
                Log.PassCrashed(_logger, pass.Error);
                break;
        }
    }

    public void ApplyLockHeld(LockHeldException error, TimeSpan retryIn) => Log.LockHeld(_logger, error.Message, retryIn.TotalMilliseconds);

    public void InputsUnchanged(string service, string hash) => Log.InputsUnchanged(_logger, service, hash);
}
