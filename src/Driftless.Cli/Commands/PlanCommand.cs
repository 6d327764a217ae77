using System.CommandLine;
using Driftless.Cli.Output;
using Driftless.Core.Errors;

namespace Driftless.Cli.Commands;

internal static class PlanCommand
{
    public static Command Create(CommandContext context)
    {
        var services = context.ServiceOption("Only these services (repeatable)");
        var command = new Command("plan", "Show what apply would do per service. Exit 0: nothing to do; 2: changes pending.") { services };
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
                PlanRenderer.PlanText(context.Console, plan);
            }

            return plan.HasPendingChanges ? ExitCodes.Pending : ExitCodes.Ok;
        });
        return command;
    }
}
