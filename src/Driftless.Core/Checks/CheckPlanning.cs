using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Checks;

public static class CheckPlanning
{
    /// <summary>
    /// Whether applying <paramref name="item"/> runs its <c>check:</c> first: it has one and its action is apply, and
    /// a container check has an image to run (a compose service whose container is missing has none until compose creates it).
    /// </summary>
    public static bool WillCheck(this PlanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Action == PlanAction.Apply && CanCheck(item.Service, item.Container);
    }

    /// <summary>
    /// Whether <paramref name="service"/>'s <c>check:</c> can run now, whatever its plan: it has one, and it runs on the host,
    /// or in a managed service's spec image, or in the image of <paramref name="container"/> (a compose service's, when it exists).
    /// </summary>
    public static bool CanCheck(ServiceSpec service, RuntimeContainer? container)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.Check is { } check
            && (check.Where == CheckLocation.Host || service.Managed is not null || container is { Image.Length: > 0 });
    }
}
