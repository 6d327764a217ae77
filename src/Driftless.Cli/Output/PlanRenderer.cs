using System.Text.Json;
using Driftless.Core.Checks;
using Driftless.Core.Hashing;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Spectre.Console;

namespace Driftless.Cli.Output;

/// <summary>Renders <c>plan</c> and <c>status</c>: both are views of the same plan items.</summary>
internal static class PlanRenderer
{
    public static void Json(CliConsole console, DriftlessRegistry registry, Plan plan)
    {
        WarnOutsideInputs(console, plan);
        console.Out.WriteLine(JsonSerializer.Serialize(
            new PlanJson(
                1,
                registry.FilePath,
                registry.Project,
                plan.HasPendingChanges,
                plan.Items.Select(ServiceJsonMapper.Map).ToList(),
                plan.Orphans.Select(ServiceJsonMapper.Map).ToList()),
            CliJson.Default.PlanJson));
    }

    public static void PlanText(CliConsole console, Plan plan)
    {
        var ansi = ConsoleFactory.For(console.Out, console.IsTty);
        var table = new Table().Border(TableBorder.None)
            .AddColumns("SERVICE", "ACTION", "MODE", "VERDICT", "APPLIED → DESIRED", "DETAILS");
        foreach (var item in plan.Items)
        {
            table.AddRow(
                Markup.Escape(item.Service.Name),
                Styled(VerdictText.Action(item.Action), ActionColour(item.Action)),
                Markup.Escape(ModeText(item)),
                Styled(VerdictText.For(item), VerdictColour(item.Verdict)),
                $"{HashFormat.Short(item.Applied?.Hash)} → {HashFormat.Short(item.Desired.Value)}",
                Markup.Escape(Details(item)));
        }

        foreach (var orphan in plan.Orphans)
        {
            table.AddRow(Markup.Escape(orphan.Service), Styled("remove", "yellow"), "managed", Styled("orphaned", "red"), "-", Markup.Escape(orphan.Reason));
        }

        ansi.Write(table);
        WriteSkipped(console, plan);
        WarnOutsideInputs(console, plan);
        var pending = plan.Items.Count(i => i.IsPending) + plan.Orphans.Count;
        ansi.WriteLine(pending == 0
            ? "Nothing to do: every service is in sync."
            : $"{pending} of {plan.Items.Count} service(s) need action; run `driftless apply`.");
    }

    public static void StatusText(CliConsole console, Plan plan)
    {
        var ansi = ConsoleFactory.For(console.Out, console.IsTty);
        var table = new Table().Border(TableBorder.None)
            .AddColumns("SERVICE", "PHASE", "CONTAINER", "RUNNING", "DESIRED", "APPLIED", "PROCESS SEES", "PINNED", "VERDICT");
        foreach (var item in plan.Items)
        {
            table.AddRow(
                Markup.Escape(item.Service.Name),
                Styled(item.Phase.ToString().ToLowerInvariant(), PhaseColour(item.Phase)),
                item.Container?.ShortId ?? "-",
                item.Container is null ? "-" : item.Container.Running ? "yes" : "no",
                HashFormat.Short(item.Desired.Value),
                HashFormat.Short(item.Applied?.Hash),
                item.View is null ? "-" : item.View.Hash is null ? "unverifiable" : HashFormat.Short(item.View.Hash),
                item.View is null ? "-" : item.View.AnyPinned ? "yes" : "no",
                Styled(VerdictText.For(item), VerdictColour(item.Verdict)));
        }

        foreach (var orphan in plan.Orphans)
        {
            table.AddRow(Markup.Escape(orphan.Service), "-", orphan.Container.ShortId, orphan.Container.Running ? "yes" : "no", "-", "-", "-", "-", Styled("orphaned", "red"));
        }

        ansi.Write(table);
        WriteSkipped(console, plan);
        WarnOutsideInputs(console, plan);
        foreach (var failed in plan.Items.Where(i => i.Phase == ServicePhase.Failed && i.LastEvent?.Error is not null))
        {
            ansi.WriteLine($"{failed.Service.Name}: last attempt failed: {failed.LastEvent!.Error}");
        }

        var inSync = plan.Items.Count(i => i.Verdict == Verdict.InSync);
        ansi.WriteLine($"{inSync} of {plan.Items.Count} service(s) in sync{(plan.Orphans.Count > 0 ? $"; {plan.Orphans.Count} orphaned managed container(s)" : "")}.");
    }

    /// <summary>Entries of input directories neither side hashes (FIFOs, sockets, devices, links into /proc).</summary>
    private static void WriteSkipped(CliConsole console, Plan plan)
    {
        foreach (var item in plan.Items)
        {
            foreach (var skipped in item.Desired.Skipped)
            {
                console.Out.WriteLine($"note: {item.Service.Name}: {skipped.RelativePath} is not hashed ({skipped.Reason}); what the process sees there is left out too");
            }
        }
    }

    /// <summary>Inputs outside the registry's directory tree: allowed, but said on standard error every time.</summary>
    private static void WarnOutsideInputs(CliConsole console, Plan plan)
    {
        foreach (var item in plan.Items)
        {
            foreach (var input in item.Service.Inputs.Where(i => i.OutsideBaseDirectory))
            {
                console.Error.WriteLine($"driftless: warning: {item.Service.Name}: input '{input.Declared}' lies outside the registry's directory ({input.FullPath})");
            }
        }
    }

    /// <summary>The configured mode, or <c>reload_http → restart</c> when apply will escalate.</summary>
    internal static string ModeText(PlanItem item)
    {
        var mode = item.ModeToRun == item.Service.Apply ? item.Service.Apply.Name() : $"{item.Service.Apply.Name()} → {item.ModeToRun.Name()}";
        return item.WillCheck() ? "check, " + mode : mode;
    }

    private static string Details(PlanItem item)
    {
        if (item.Action == PlanAction.Noop)
        {
            return string.Empty;
        }

        var changes = item.Changes.Take(3).Select(c => $"{c.Path} {c.Kind}").ToList();
        if (item.Changes.Count > 3)
        {
            changes.Add($"+{item.Changes.Count - 3} more");
        }

        return changes.Count == 0 ? item.Reason : $"{item.Reason}; {string.Join(", ", changes)}";
    }

    private static string Styled(string text, string colour) => $"[{colour}]{Markup.Escape(text)}[/]";

    private static string PhaseColour(ServicePhase phase) => phase switch
    {
        ServicePhase.Running => "green",
        ServicePhase.Pending => "yellow",
        _ => "red",
    };

    private static string ActionColour(PlanAction action) => action switch
    {
        PlanAction.Noop => "green",
        PlanAction.Blocked => "red",
        _ => "yellow",
    };

    private static string VerdictColour(Verdict verdict) => verdict switch
    {
        Verdict.InSync => "green",
        Verdict.Unrecorded or Verdict.Pending => "yellow",
        Verdict.Failed => "red",
        _ => "red",
    };
}
