using System.CommandLine;
using Driftless.Cli.Output;
using Driftless.Core.Checks;

namespace Driftless.Cli.Commands;

/// <summary>
/// <c>driftless check</c>: only the services' <c>check:</c>s, against the files on disk now — for CI before a deploy.
/// Touches no service and records nothing; text output prints each result as its check ends.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CommandContext context)
    {
        var services = context.ServiceOption("Only these services (repeatable)");
        var command = new Command(
            "check",
            "Run only the services' check: against the files on disk now, changed or not; touches no service, records nothing. Exit 0: every check that ran passed; 1: a check failed, timed out or could not run.")
        {
            services,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await CommandSession.OpenAsync(context.HostFor(parse), context.RegistryPath(parse), forApply: false, ct, readsState: false);
            var selected = parse.GetValue(services) ?? [];
            var text = context.Format(parse) == OutputFormat.Text
                ? new CheckRenderer(context.Console, session.Registry.Services.Where(s => selected.Length == 0 || selected.Contains(s.Name)).Select(s => s.Name))
                : null;
            var results = new List<ServiceCheck>();
            await foreach (var result in session.Pass.CheckAsync(session.Registry, selected, ct))
            {
                results.Add(result);
                text?.Line(result);
            }

            var report = new CheckReport(results);
            if (text is null)
            {
                CheckRenderer.Json(context.Console, session.Registry, report);
            }
            else
            {
                text.Summary(report);
            }

            return report.Succeeded ? ExitCodes.Ok : ExitCodes.ApplyFailed;
        });
        return command;
    }
}
