using Driftless.Core.Events;
using Driftless.Core.Hashing;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.State;

namespace Driftless.Core.Planning;

/// <summary>
/// Desired × Observed × Applied → one action per service. Pure: no I/O, so every rule is unit-tested
/// against a fake runtime. The rules name the invariants they protect (docs/design.md).
/// </summary>
internal static class Planner
{
    /// <param name="service">The registry entry.</param>
    /// <param name="desired">Hash of its inputs on the host.</param>
    /// <param name="applied">Its last verified record.</param>
    /// <param name="container">Its container (for a managed service: the recorded one, else the one adopted by label).</param>
    /// <param name="view">What the container's process sees.</param>
    /// <param name="desiredSpec">For a managed service, <see cref="ManagedSpecs.Hash"/> of its desired spec.</param>
    /// <param name="lastEvent">The service's newest recorded event: a failed one makes a service that is not in sync <see cref="Verdict.Failed"/>.</param>
    public static PlanItem PlanService(
        ServiceSpec service,
        ContentHash desired,
        AppliedRecord? applied,
        RuntimeContainer? container,
        ProcessView? view,
        string? desiredSpec = null,
        ApplyEvent? lastEvent = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        var item = service.Managed is not null
            ? ManagedPlanner.Plan(service, desired, applied, container, view, desiredSpec ?? ManagedSpecs.Hash(service.Managed))
            : PlanByContent(service, desired, applied, container, view);
        item = item with { LastEvent = lastEvent };
        return item.Verdict != Verdict.InSync && lastEvent is not null && lastEvent.Result.IsFailure()
            ? item with { Verdict = Verdict.Failed }
            : item;
    }

    /// <summary>The content rules shared by compose and managed services: what the process sees against desired and applied.</summary>
    internal static PlanItem PlanByContent(
        ServiceSpec service,
        ContentHash desired,
        AppliedRecord? applied,
        RuntimeContainer? container,
        ProcessView? view)
    {
        var item = PlanByState(service, desired, applied, container, view);
        return item.Action == PlanAction.Apply && service.Apply.IsInPlace() ? ChooseInPlaceMode(item) : item;
    }

    private static PlanItem PlanByState(
        ServiceSpec service,
        ContentHash desired,
        AppliedRecord? applied,
        RuntimeContainer? container,
        ProcessView? view)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(desired);
        var changes = applied is not null
            ? Diff(applied.Files.Select(f => (f.Path, f.Digest)), desired)
            : view is not null ? Diff(SeenDigests(view), desired) : [];

        PlanItem Item(Verdict verdict, PlanAction action, string reason) =>
            new(service, desired, applied, container, view, verdict, action, changes, reason);

        if (container is null)
        {
            var composeCreates = service.Container is null
                && (service.Apply == ApplyMode.Recreate || (service.Apply.IsInPlace() && service.Fallback == ApplyMode.Recreate));
            return composeCreates
                ? Item(Verdict.ContainerMissing, PlanAction.Apply, "container missing: compose will create it") with
                {
                    ModeToRun = ApplyMode.Recreate,
                    Escalation = service.Apply == ApplyMode.Recreate ? null : "container_missing",
                }
                : Item(Verdict.ContainerMissing, PlanAction.Blocked, $"container missing: apply mode {service.Apply.Name()} cannot create it");
        }

        if (!container.Running || view is null)
        {
            return service.Apply == ApplyMode.None
                ? Item(Verdict.NotRunning, PlanAction.Blocked, $"container {container.Status}: apply mode none does not start containers")
                : Item(Verdict.NotRunning, PlanAction.Apply, $"container {container.Status}: {service.Apply.Name()} will start it");
        }

        if (view.UncoveredInputs.Count > 0)
        {
            return Item(
                Verdict.NotMounted,
                PlanAction.Blocked,
                $"not mounted into container {container.Name}: {string.Join(", ", view.UncoveredInputs)} (cannot verify what the process sees)");
        }

        var seesDesired = view.Hash == desired.Value;
        if (applied is null)
        {
            // First run: adopt what is already correct instead of touching a healthy container.
            return seesDesired
                ? Item(Verdict.Unrecorded, PlanAction.Adopt, "process already sees the desired content: record it")
                : Item(Verdict.Pending, PlanAction.Apply, $"process sees other content than desired: {service.Apply.Name()}");
        }

        if (applied.Hash != desired.Value && seesDesired && OnlyKeyChanged(changes, desired))
        {
            // A recorded keyed digest made under an earlier key says nothing about today's content: like a first run,
            // record what the process already sees instead of restarting a service whose content did not change.
            return Item(Verdict.Unrecorded, PlanAction.Adopt, "hash key changed: process already sees the desired content: record it under the new key");
        }

        if (applied.Hash != desired.Value)
        {
            // DIFF_IMPLIES_APPLY: a file visible through a directory mount is not necessarily loaded.
            return Item(Verdict.Pending, PlanAction.Apply, $"inputs changed since last apply: {service.Apply.Name()}");
        }

        if (!seesDesired)
        {
            // NO_RSYNC_ONLY_SUCCESS: a recorded hash means nothing if the process sees something else.
            var why = view.AnyPinned ? "stale mount (single-file mount pinned to an old inode)" : "content differs in container";
            return Item(Verdict.Drifted, PlanAction.Apply, $"drift: {why}: {service.Apply.Name()}");
        }

        return Item(Verdict.InSync, PlanAction.Noop, "in sync");
    }

    /// <summary>
    /// Whether every difference from the record is a secret file whose recorded digest was made under another key
    /// (<see cref="HashKey"/>): the key changed, and nothing is known to have changed in the content.
    /// </summary>
    private static bool OnlyKeyChanged(IReadOnlyList<InputChange> changes, ContentHash desired) =>
        changes.Count > 0
        && desired.Key is { } key
        && changes.All(c => HashKey.IsKeyed(c.NewDigest) && HashKey.IdOf(c.OldDigest) is { } old && old != key.Id);

    /// <summary>
    /// An in-place reload is only correct when the process can already see the desired files: a reload
    /// of a pinned single-file mount answers 200 and reloads the old content. Otherwise the
    /// mode escalates to <c>on_stale_mount</c>, predicted here so <c>plan</c> names the mode that will run.
    /// </summary>
    private static PlanItem ChooseInPlaceMode(PlanItem item)
    {
        if (item.ModeToRun != item.Service.Apply)
        {
            return item;
        }

        string? escalation = null;
        string? why = null;
        if (item.Container is not { Running: true } || item.View is null)
        {
            (escalation, why) = ("not_running", "the container is not running, so nothing can reload in place");
        }
        else if (item.View.Hash != item.Desired.Value)
        {
            var pinned = item.View.Files.Where(f => f.PinnedInode).ToList();
            (escalation, why) = pinned.Count > 0
                ? ("stale_mount", string.Join("; ", pinned.Select(f => $"{f.RelativePath} is a single-file mount pinned to an old inode ({f.ContainerPath})")))
                : ("content_differs", "the process sees other content than desired, so a reload would load the wrong files");
        }

        if (escalation is null)
        {
            return item;
        }

        var mode = item.Service.Apply.Name();
        return item.Service.OnStaleMount switch
        {
            StaleMountAction.Fail => item with
            {
                Action = PlanAction.Blocked,
                Reason = $"{mode} cannot apply: {why} (on_stale_mount: fail)",
                Escalation = escalation,
            },
            var action => item with
            {
                ModeToRun = action == StaleMountAction.Recreate ? ApplyMode.Recreate : ApplyMode.Restart,
                Escalation = escalation,
                Reason = $"{mode} → {(action == StaleMountAction.Recreate ? "recreate" : "restart")}: {why}",
            },
        };
    }

    internal static IEnumerable<(string Path, string Digest)> SeenDigests(ProcessView view) =>
        view.Files.Where(f => f.Digest is not null).Select(f => (f.RelativePath, f.Digest!));

    internal static IReadOnlyList<InputChange> Diff(IEnumerable<(string Path, string Digest)> before, ContentHash after)
    {
        var old = before.ToDictionary(e => e.Path, e => e.Digest, StringComparer.Ordinal);
        var now = after.Files.ToDictionary(f => f.RelativePath, f => f.Digest, StringComparer.Ordinal);
        return old.Keys.Union(now.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(path => new InputChange(path, old.GetValueOrDefault(path), now.GetValueOrDefault(path)))
            .Where(c => c.OldDigest != c.NewDigest)
            .ToList();
    }
}
