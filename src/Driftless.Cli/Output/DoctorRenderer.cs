using System.Text.Json;
using Driftless.Core.Doctor;
using Driftless.Core.Registry;
using Spectre.Console;

namespace Driftless.Cli.Output;

/// <summary>Renders <c>doctor</c> findings.</summary>
internal static class DoctorRenderer
{
    public static void Json(CliConsole console, DriftlessRegistry registry, IReadOnlyList<DoctorFinding> findings) =>
        console.Out.WriteLine(JsonSerializer.Serialize(
            new DoctorJson(
                1,
                registry.FilePath,
                findings.Select(f => new FindingJson(Name(f.Severity), f.Service, f.Code, f.Message, f.Fix)).ToList()),
            CliJson.Default.DoctorJson));

    public static void Text(CliConsole console, IReadOnlyList<DoctorFinding> findings)
    {
        var ansi = ConsoleFactory.For(console.Out, console.IsTty);
        if (findings.Count == 0)
        {
            ansi.MarkupLine("[green]No problems found.[/]");
            return;
        }

        var table = new Table().Border(TableBorder.None).AddColumns("SEVERITY", "SERVICE", "CODE", "MESSAGE", "FIX");
        foreach (var f in findings)
        {
            table.AddRow(
                $"[{Colour(f.Severity)}]{Name(f.Severity)}[/]",
                Markup.Escape(f.Service),
                Markup.Escape(f.Code),
                Markup.Escape(f.Message),
                Markup.Escape(f.Fix));
        }

        ansi.Write(table);
        var errors = findings.Count(f => f.Severity == Severity.Error);
        var warnings = findings.Count(f => f.Severity == Severity.Warning);
        var infos = findings.Count - errors - warnings;
        ansi.WriteLine($"{errors} error(s), {warnings} warning(s), {infos} info.");
    }

    /// <summary>The text and JSON <c>severity</c> values.</summary>
    private static string Name(Severity severity) => severity.ToString().ToLowerInvariant();

    private static string Colour(Severity severity) => severity switch
    {
        Severity.Error => "red",
        Severity.Warning => "yellow",
        _ => "blue",
    };
}
