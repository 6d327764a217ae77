using System.Globalization;
using System.Text.Json;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Hashing;
using Driftless.Core.Registry;
using Spectre.Console;

namespace Driftless.Cli.Output;

/// <summary>Renders <c>apply</c> results and <c>history</c>: both are lists of events.</summary>
internal static class EventRenderer
{
    public static void ApplyJson(CliConsole console, DriftlessRegistry registry, ApplyReport report) =>
        console.Out.WriteLine(JsonSerializer.Serialize(
            new ApplyJson(1, registry.FilePath, report.Succeeded, AllEvents(report), report.Skipped),
            CliJson.Default.ApplyJson));

    public static void HistoryJson(CliConsole console, IReadOnlyList<ApplyEvent> events) =>
        console.Out.WriteLine(JsonSerializer.Serialize(new HistoryJson(1, events), CliJson.Default.HistoryJson));

    public static void ApplyText(CliConsole console, ApplyReport report)
    {
        var ansi = ConsoleFactory.For(console.Out, console.IsTty);
        ansi.Write(Table(AllEvents(report), withTime: false));
        foreach (var name in report.Skipped)
        {
            ansi.WriteLine($"{name}: skipped (--fail-fast)");
        }

        // A refused change is fixed from the validator's own words: show them, not only their first line.
        foreach (var rejected in report.Outcomes.Select(o => o.Event).Where(e => e.Result == EventResult.Rejected && !string.IsNullOrEmpty(e.Output)))
        {
            ansi.WriteLine($"{rejected.Service}: check output:");
            foreach (var line in rejected.Output!.Split('\n'))
            {
                ansi.WriteLine("  " + line);
            }
        }

        var failed = AllEvents(report).Count(e => e.Result.IsFailure());
        ansi.MarkupLine(report.Succeeded
            ? "[green]All services verified in sync.[/]"
            : $"[red]{failed} service(s) failed; their recorded state did not advance.[/]");
    }

    /// <summary>Removals of orphaned managed containers (done first), then one event per service.</summary>
    private static List<ApplyEvent> AllEvents(ApplyReport report) => [.. report.Removals, .. report.Outcomes.Select(o => o.Event)];

    public static void HistoryText(CliConsole console, IReadOnlyList<ApplyEvent> events)
    {
        var ansi = ConsoleFactory.For(console.Out, console.IsTty);
        if (events.Count == 0)
        {
            ansi.WriteLine("No events recorded.");
            return;
        }

        ansi.Write(Table(events, withTime: true));
    }

    private static Table Table(IEnumerable<ApplyEvent> events, bool withTime)
    {
        var table = new Table().Border(TableBorder.None);
        if (withTime)
        {
            table.AddColumn("TIME");
        }

        table.AddColumns("SERVICE", "RESULT", "MODE", "OLD → NEW", "CONTAINER", "MS", "DETAILS");
        foreach (var e in events)
        {
            var cells = new List<string>();
            if (withTime)
            {
                cells.Add(e.Ts.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            }

            cells.Add(Markup.Escape(e.Service));
            cells.Add($"[{ResultColour(e.Result)}]{e.Result.ToString().ToLowerInvariant()}[/]");
            cells.Add(Markup.Escape(e.ModeUsed is { } used && used != e.Mode ? $"{e.Mode} → {used}" : e.Mode));
            cells.Add($"{HashFormat.Short(e.OldHash)} → {HashFormat.Short(e.NewHash)}");
            cells.Add(Containers(e));
            cells.Add(e.DurationMs.ToString(CultureInfo.InvariantCulture));
            cells.Add(Markup.Escape(Details(e)));
            table.AddRow(cells.ToArray());
        }

        return table;
    }

    private static string Details(ApplyEvent e)
    {
        var parts = new List<string>();
        if (e.Reason is not null)
        {
            parts.Add(e.Reason);
        }

        parts.Add(e.Error ?? string.Join(", ", e.ChangedInputs));
        return string.Join("; ", parts.Where(p => p.Length > 0));
    }

    private static string Containers(ApplyEvent e)
    {
        static string Short(string? id) => id is null ? "-" : id.Length > 12 ? id[..12] : id;
        return e.NewContainerId is null || e.NewContainerId == e.ContainerId
            ? Short(e.ContainerId ?? e.NewContainerId)
            : $"{Short(e.ContainerId)} → {Short(e.NewContainerId)}";
    }

    private static string ResultColour(EventResult result) => result switch
    {
        EventResult.Failed or EventResult.Rejected => "red",
        EventResult.Applied or EventResult.Adopted or EventResult.Escalated or EventResult.Started or EventResult.Removed => "yellow",
        _ => "green",
    };
}
