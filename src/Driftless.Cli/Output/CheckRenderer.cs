using System.Globalization;
using System.Text.Json;
using Driftless.Core.Checks;
using Driftless.Core.Registry;
using Spectre.Console;

namespace Driftless.Cli.Output;

/// <summary>
/// Renders <c>check</c>. Text: one line per service as its check ends (<c>edge  passed  0.41s</c>), a failed check's
/// output lines under it, then a summary. JSON: one document once every check has ended.
/// </summary>
internal sealed class CheckRenderer
{
    private readonly IAnsiConsole _ansi;
    private readonly int _width;

    /// <param name="console">Where to write.</param>
    /// <param name="services">The selected services' names, so the lines printed one by one still align.</param>
    public CheckRenderer(CliConsole console, IEnumerable<string> services)
    {
        ArgumentNullException.ThrowIfNull(console);
        _ansi = ConsoleFactory.For(console.Out, console.IsTty);
        _width = services.Select(s => s.Length).DefaultIfEmpty(0).Max();
    }

    public static void Json(CliConsole console, DriftlessRegistry registry, CheckReport report) =>
        console.Out.WriteLine(JsonSerializer.Serialize(
            new CheckJson(
                1,
                registry.FilePath,
                report.Succeeded,
                report.Services.Select(s => new ServiceCheckJson(s.Service, Location(s.Where), Result(s.Outcome), s.Error, s.Output, Milliseconds(s))).ToList(),
                new CheckSummaryJson(report.Passed, report.Failed, report.Skipped)),
            CheckJsonContext.Default.CheckJson));

    public void Line(ServiceCheck result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var name = Markup.Escape(result.Service.PadRight(_width));
        var seconds = string.Create(CultureInfo.InvariantCulture, $"{result.Duration.TotalSeconds:0.00}s");
        switch (result.Outcome)
        {
            case CheckRunVerdict.Passed:
                _ansi.MarkupLine($"{name}  [green]passed[/]  {seconds}");
                break;
            case CheckRunVerdict.Failed:
                _ansi.MarkupLine($"{name}  [red]failed[/]  {Markup.Escape(result.Error ?? string.Empty)} ({seconds})");
                // A refused configuration is fixed from the validator's own words: show them all.
                foreach (var line in result.Output)
                {
                    _ansi.WriteLine("    " + line);
                }

                break;
            default:
                _ansi.MarkupLine($"{name}  [grey]no check[/]");
                break;
        }
    }

    public void Summary(CheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var counts = $"{report.Passed} passed, {report.Failed} failed, {report.Skipped} without a check.";
        if (report.Passed + report.Failed == 0)
        {
            _ansi.WriteLine($"No check ran: no selected service has a check:. {counts}");
        }
        else
        {
            _ansi.MarkupLine(report.Succeeded ? $"[green]{counts}[/]" : $"[red]{counts}[/]");
        }
    }

    /// <summary>The JSON <c>check</c> values.</summary>
    private static string Location(CheckLocation? where) => where switch
    {
        CheckLocation.Container => "container",
        CheckLocation.Host => "host",
        _ => "none",
    };

    /// <summary>The JSON <c>result</c> values.</summary>
    private static string Result(CheckRunVerdict outcome) => outcome.ToString().ToLowerInvariant();

    private static long Milliseconds(ServiceCheck result) => (long)result.Duration.TotalMilliseconds;
}
