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
    public async Task<CheckRunResult?> RunAsync(DriftlessRegistry registry, PlanItem item, CancellationToken cancellationToken)
    {
        var service = item.Service;
        if (!item.WillCheck())
        {
            return null;
        }

        var check = service.Check!;
        if (check.Where == CheckLocation.Host)
        {
            var argv = CheckPlaceholders.Expand(check.Exec, service.Inputs);
            return await host.RunAsync(new HostCommand(argv, registry.BaseDirectory, check.Timeout), cancellationToken);
        }

        return await runtime.RunCheckAsync(ContainerRun(registry, item, check), cancellationToken);
    }

    private static CheckRun ContainerRun(DriftlessRegistry registry, PlanItem item, CheckSpec check)
    {
        var service = item.Service;
        var owner = string.Create(CultureInfo.InvariantCulture, $"{service.Name}/{Guid.NewGuid():N}");
        if (service.Managed is { } managed)
        {
            var volumes = managed.Volumes.Select(v => new CheckMount(v.HostPath, v.ContainerPath)).ToList();
            return new CheckRun(registry.Project, owner, managed.Image, check.Exec, volumes, managed.Environment, check.Timeout);
        }

        var container = item.Container!;
        var mounts = container.Mounts
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
