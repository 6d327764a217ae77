using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Execution;

/// <summary><c>apply: restart</c> — engine restart. A restart re-resolves single-file bind mounts, so it also cures a mount pinned to an old inode.</summary>
internal sealed class RestartStrategy(IContainerRuntime runtime) : IApplyStrategy
{
    private static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(10);

    public ApplyMode Mode => ApplyMode.Restart;

    public async Task<ModeResult> ApplyAsync(ApplyContext context, CancellationToken cancellationToken)
    {
        var item = context.Item;
        var container = item.Container
            ?? throw new DriftlessException(ErrorKind.ApplyFailed, $"{item.Service.Name}: container missing; restart cannot create it");
        var grace = item.Service.StopGrace ?? container.StopTimeout ?? DefaultGrace;
        await runtime.RestartAsync(container.Id, grace, cancellationToken);
        return ModeResult.Ran;
    }
}
