using Driftless.Core.Checks;
using Driftless.Core.Planning;
using Driftless.Core.Registry;

namespace Driftless.Cli.Output;

internal static class ServiceJsonMapper
{
    public static ServiceJson Map(PlanItem item) => new(
        item.Service.Name,
        item.Service.Apply.Name(),
        item.ModeToRun.Name(),
        item.Escalation,
        VerdictText.For(item),
        VerdictText.Action(item.Action),
        item.Reason,
        item.Desired.Value,
        item.Applied?.Hash,
        item.Container is { } c ? new ContainerJson(c.Id, c.Name, c.Running, c.Status, c.StartedAt) : null,
        item.View is { } v
            ? new SeenJson(
                v.Hash,
                v.Method.ToString().ToLowerInvariant(),
                v.Files.Where(f => f.PinnedInode).Select(f => f.RelativePath).ToList(),
                v.UncoveredInputs)
            : null,
        item.Changes.Select(ch => new ChangeJson(ch.Path, ch.Kind, ch.OldDigest, ch.NewDigest)).ToList(),
        item.Service.Managed is not null,
        item.Phase.ToString().ToLowerInvariant(),
        item.Phase == ServicePhase.Failed ? item.LastEvent?.Error : null,
        item.DesiredSpec,
        item.Applied?.SpecHash,
        item.WillCheck());

    public static OrphanJson Map(Orphan orphan) =>
        new(orphan.Service, orphan.Container.Id, orphan.Container.Name, orphan.Dropped, orphan.Reason);
}
