using Driftless.Core.Runtime;

namespace Driftless.Core.Registry;

internal static class ServiceTargets
{
    /// <summary>How the runtime finds this service's container within the registry's project.</summary>
    public static ContainerTarget TargetIn(this ServiceSpec service, DriftlessRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(registry);
        return new ContainerTarget(registry.Project, service.Name, service.Container, service.Managed is not null);
    }
}
