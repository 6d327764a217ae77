using System.Globalization;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Checks;

/// <summary>
/// Runs a service's <c>check:</c> against the new configuration before any mode touches the service. A container
/// check runs the service's own image (a managed service: the new spec's image and env) with its bind mounts, read-only,
/// at the paths the service sees them: a fresh container resolves each mount again, so it sees the new host files even
/// where the live container still holds an old inode. A host check runs the expanded argv on this machine.
/// </summary>
internal sealed class PreApplyCheck(IContainerRuntime runtime, IHostCommandRunner host)
{
    /// <summary>The check's result; null when the service has none, or when there is no container to take the image from yet.</summary>
    public async Task<CheckRunResult?> RunAsync(DriftlessRegistry registry, PlanItem item, CancellationToken cancellationToken) =>
        item.WillCheck() ? await RunAsync(registry, item.Service, item.Container, cancellationToken) : null;

    /// <summary>
    /// Runs <paramref name="service"/>'s check whatever its plan (<c>driftless check</c>); the caller has made sure
    /// <see cref="CheckPlanning.CanCheck"/> holds. <paramref name="container"/>: a compose service's container, for its image and mounts.
    /// </summary>
    public async Task<CheckRunResult> RunAsync(DriftlessRegistry registry, ServiceSpec service, RuntimeContainer? container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (!CheckPlanning.CanCheck(service, container))
        {
            throw new ArgumentException($"{service.Name}: no check, or nothing to run it with", nameof(service));
        }

        var check = service.Check!;
        if (check.Where == CheckLocation.Host)
        {
            var argv = CheckPlaceholders.Expand(check.Exec, service.Inputs);
            return await host.RunAsync(new HostCommand(argv, registry.BaseDirectory, check.Timeout), cancellationToken);
        }

        return await runtime.RunCheckAsync(ContainerRun(registry, service, container, check), cancellationToken);
    }

    private static CheckRun ContainerRun(DriftlessRegistry registry, ServiceSpec service, RuntimeContainer? container, CheckSpec check)
    {
        var owner = string.Create(CultureInfo.InvariantCulture, $"{service.Name}/{Guid.NewGuid():N}");
        if (service.Managed is { } managed)
        {
            var volumes = managed.Volumes.Select(v => new CheckMount(v.HostPath, v.ContainerPath)).ToList();
            return new CheckRun(registry.Project, owner, managed.Image, check.Exec, volumes, managed.Environment, check.Timeout);
        }

        var mounts = container!.Mounts
            .Where(m => m.Type == "bind")
            .Select(m => new CheckMount(m.Source, m.Destination))
            .ToList();
        // The live container's environment, working directory and user: the validator reads what the service would.
        var process = container.Process;
        return new CheckRun(registry.Project, owner, container.Image, check.Exec, mounts, process.Environment, check.Timeout)
        {
            WorkingDirectory = process.WorkingDirectory,
            User = process.User,
        };
    }
}
