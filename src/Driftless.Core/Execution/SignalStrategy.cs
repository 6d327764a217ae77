using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Execution;

/// <summary><c>apply: signal</c> — the engine sends <c>signal:</c> (e.g. SIGHUP for nginx) to the main process.</summary>
internal sealed class SignalStrategy(IContainerRuntime runtime) : IApplyStrategy
{
    public ApplyMode Mode => ApplyMode.Signal;

    public async Task<ModeResult> ApplyAsync(ApplyContext context, CancellationToken cancellationToken)
    {
        var service = context.Item.Service;
        var container = context.Item.Container
            ?? throw new ModeUnavailableException($"{service.Name}: container missing; a signal cannot be sent");
        var signal = service.Signal
            ?? throw new DriftlessException(ErrorKind.InvalidRegistry, $"{service.Name}: apply: signal needs `signal:`");
        await runtime.SignalAsync(container.Id, signal, cancellationToken);
        return ModeResult.Ran;
    }
}
