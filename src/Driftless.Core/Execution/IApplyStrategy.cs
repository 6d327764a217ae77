using Driftless.Core.Registry;

namespace Driftless.Core.Execution;

/// <summary>
/// One apply mode. It acts on the container and returns; the executor verifies afterwards, so a mode
/// never decides success on its own (APPLY_IMPLIES_RUNTIME_MATCH). A mode that cannot run at all throws
/// <see cref="Runtime.ModeUnavailableException"/> (a <c>fallback:</c> may take over); a mode that ran and
/// was refused returns a <see cref="ModeResult.Failure"/> (fail closed, no fallback).
/// </summary>
internal interface IApplyStrategy
{
    ApplyMode Mode { get; }

    Task<ModeResult> ApplyAsync(ApplyContext context, CancellationToken cancellationToken);
}
