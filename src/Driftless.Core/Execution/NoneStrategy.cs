using Driftless.Core.Registry;

namespace Driftless.Core.Execution;

/// <summary><c>apply: none</c> — the container is not touched; verification still has to pass.</summary>
internal sealed class NoneStrategy : IApplyStrategy
{
    public ApplyMode Mode => ApplyMode.None;

    public Task<ModeResult> ApplyAsync(ApplyContext context, CancellationToken cancellationToken) => Task.FromResult(ModeResult.Ran);
}
