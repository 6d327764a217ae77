using System.Security.Cryptography;
using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Execution;

/// <summary>
/// <c>recreate</c> for a managed service — a graceful roll-forward: stop the exact old
/// container by its id (stop signal → grace → SIGKILL), remove it, then create and start the new one.
/// Roll-forward only: when the new container cannot start, the old one is not brought back; the
/// service is Failed until the spec is fixed.
/// </summary>
internal sealed class ManagedReplace(IContainerRuntime runtime)
{
    public async Task<ModeResult> ApplyAsync(ApplyContext context, ManagedSpec spec, CancellationToken cancellationToken)
    {
        var registry = context.Registry;
        var service = context.Item.Service;
        if (context.Item.Container is { } old)
        {
            await runtime.StopAsync(old.Id, old.StopTimeout ?? spec.StopGrace, cancellationToken);
            await runtime.RemoveAsync(old.Id, cancellationToken);
        }

        var specHash = context.Item.DesiredSpec ?? ManagedSpecs.Hash(spec);
        var request = new ManagedContainerRequest(
            ContainerName(registry.Project, service.Name),
            spec,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [ManagedSpecs.ManagedLabel] = ManagedSpecs.LabelValue(registry.Project, service.Name),
                [ManagedSpecs.SpecLabel] = specHash,
            });
        await runtime.StartManagedAsync(request, cancellationToken);
        return ModeResult.Ran;
    }

    /// <summary>A fresh name per container, so an interrupted replace can never collide with a leftover.</summary>
    internal static string ContainerName(string project, string service) =>
        $"{project}-{service}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>Stops and removes a managed container that no registry service owns any more (or a duplicate).</summary>
    public async Task RemoveAsync(RuntimeContainer container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (!container.Labels.ContainsKey(ManagedSpecs.ManagedLabel))
        {
            // Belt and braces: only containers Driftless created are ever removed.
            throw new DriftlessException(ErrorKind.ApplyFailed, $"refusing to remove container {container.ShortId}: it has no {ManagedSpecs.ManagedLabel} label");
        }

        await runtime.StopAsync(container.Id, container.StopTimeout ?? ManagedSpec.DefaultStopGrace, cancellationToken);
        await runtime.RemoveAsync(container.Id, cancellationToken);
    }
}
