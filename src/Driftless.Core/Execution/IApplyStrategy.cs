using Driftless.Core.Registry;

namespace Driftless.Core.Execution;

/// <summary>
/// One apply mode. It acts on the container and returns; the executor verifies afterwards, so a mode
/// never decides success on its own (APPLY_IMPLIES_RUNTIME_MATCH). Failures a user can act on are
/// <see cref="Errors.DriftlessException"/>s with a message naming the service.
/// </summary>
public interface IApplyStrategy
{
    ApplyMode Mode { get; }

    Task ApplyAsync(ApplyContext context, CancellationToken cancellationToken);
}
