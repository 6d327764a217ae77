using Driftless.Core.Hashing;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.State;

namespace Driftless.Core.Planning;

/// <summary>
/// The rules for a managed service. Identity is the container, by recorded id (or, when
/// nothing is recorded for it, by Driftless's own labels); the spec is compared as canonical JSON
/// hashes — desired against recorded — never read back from the runtime. So a running container whose
/// recorded spec equals the desired one is never replaced, however often this runs (the 30 s loop).
/// </summary>
internal static class ManagedPlanner
{
    public static PlanItem Plan(
        ServiceSpec service,
        ContentHash desired,
        AppliedRecord? applied,
        RuntimeContainer? container,
        ProcessView? view,
        string desiredSpec)
    {
        PlanItem Item(Verdict verdict, PlanAction action, ApplyMode mode, string escalation, string reason) =>
            new(service, desired, applied, container, view, verdict, action, [], reason)
            {
                ModeToRun = mode,
                Escalation = service.Apply == mode ? null : escalation,
                DesiredSpec = desiredSpec,
            };

        if (container is null)
        {
            return Item(Verdict.ContainerMissing, PlanAction.Apply, ApplyMode.Recreate, "container_missing", "container missing: driftless will create it");
        }

        var recorded = applied is not null && applied.ContainerId == container.Id;
        var currentSpec = recorded ? applied!.SpecHash : container.Labels.GetValueOrDefault(ManagedSpecs.SpecLabel);
        if (currentSpec != desiredSpec)
        {
            return Item(
                Verdict.Pending,
                PlanAction.Apply,
                ApplyMode.Recreate,
                "spec_changed",
                $"managed spec changed: stop container {container.ShortId} gracefully, then start the new one");
        }

        if (!container.Running || view is null)
        {
            // Liveness: a dead container is started again by its id, never re-created from a spec compare.
            return Item(Verdict.NotRunning, PlanAction.Apply, ApplyMode.Restart, "not_running", $"container {container.ShortId} {container.Status}: start it again by id");
        }

        var item = Planner.PlanByContent(service, desired, applied, container, view) with { DesiredSpec = desiredSpec };
        if (item.Action == PlanAction.Noop && !recorded)
        {
            // The container was started by an apply that was interrupted before it recorded the new id.
            return item with
            {
                Verdict = Verdict.Unrecorded,
                Action = PlanAction.Adopt,
                Reason = $"container {container.ShortId} carries the desired spec but is not recorded: record it",
            };
        }

        return item;
    }
}
