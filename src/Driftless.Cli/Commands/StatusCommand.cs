using System.CommandLine;
using Driftless.Cli.Output;
using Driftless.Core.Errors;
using Driftless.Core.Planning;

namespace Driftless.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create(CommandContext context)
    {
        var services = context.ServiceOption("Only these services (repeatable)");
        var command = new Command("status", "Per service: container, desired/applied hashes, what the process sees, verdict. Exit 0: all in sync; 2 otherwise.") { services };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await CommandSession.OpenAsync(context.Host, context.RegistryPath(parse), forApply: false, ct);
            var plan = await session.PlanAsync(parse.GetValue(services) ?? [], ct);
            if (context.Format(parse) == OutputFormat.Json)
            {
                PlanRenderer.Json(context.Console, session.Registry, plan);
            }
            else
            {
                PlanRenderer.StatusText(context.Console, plan);
            }

            return plan.Items.All(i => i.Verdict == Verdict.InSync) ? ExitCodes.Ok : ExitCodes.Pending;
        });
        return command;
    }
}
