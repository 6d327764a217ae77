using System.CommandLine;
using Driftless.Cli.Output;
using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Execution;

namespace Driftless.Cli.Commands;

internal static class ApplyCommand
{
    public static Command Create(CommandContext context)
    {
        var services = context.ServiceOption("Only these services (repeatable)");
        var failFast = new Option<bool>("--fail-fast") { Description = "Stop at the first failed service" };
        var events = new Option<FileInfo?>("--events") { Description = "Append one JSON line per service to this file" };
        var parallel = new Option<int>("--parallel", "-p") { Description = "Apply up to N independent services at once (depends_on is always respected)", DefaultValueFactory = _ => 4 };
        parallel.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--parallel must be at least 1");
            }
        });
        var command = new Command("apply", "Converge: apply by mode, verify inside the running container, record. Exit 0: every service verified in sync; 1: a service failed.")
        {
            services, failFast, events, parallel,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await CommandSession.OpenAsync(context.HostFor(parse), context.RegistryPath(parse), forApply: true, ct);
            var sink = parse.GetValue(events) is { } file ? JsonLinesEventSink.Open(file.FullName) : null;
            var options = new ApplyOptions(parse.GetValue(failFast), sink, parse.GetValue(parallel));
            var report = await session.Pass.ApplyAsync(session.Registry, parse.GetValue(services) ?? [], options, ct);
            if (context.Format(parse) == OutputFormat.Json)
            {
                EventRenderer.ApplyJson(context.Console, session.Registry, report);
            }
            else
            {
                EventRenderer.ApplyText(context.Console, report);
            }

            return report.Succeeded ? ExitCodes.Ok : ExitCodes.ApplyFailed;
        });
        return command;
    }
}
