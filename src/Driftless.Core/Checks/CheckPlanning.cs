using Driftless.Core.Planning;
using Driftless.Core.Registry;

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
        return item.Service.Check is { } check
            && item.Action == PlanAction.Apply
            && (check.Where == CheckLocation.Host || item.Service.Managed is not null || item.Container is { Image.Length: > 0 });
    }
}
