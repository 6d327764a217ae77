using System.CommandLine;
using Driftless.Cli.Output;
using Driftless.Core.Errors;
using Driftless.Core.Planning;

namespace Driftless.Cli.Commands;

/// <summary><c>plan</c> and <c>status</c>: two read-only views of the same plan; they differ in table and exit rule.</summary>
internal static class PlanViewCommands
{
    public static Command Plan(CommandContext context) => Create(
        context,
        "plan",
        "Show what apply would do per service. Exit 0: nothing to do; 2: changes pending.",
        PlanRenderer.PlanText,
        plan => plan.HasPendingChanges ? ExitCodes.Pending : ExitCodes.Ok);

    public static Command Status(CommandContext context) => Create(
        context,
        "status",
        "Per service: container, desired/applied hashes, what the process sees, verdict. Exit 0: all in sync; 2 otherwise.",
        PlanRenderer.StatusText,
        plan => plan.Items.All(i => i.Verdict == Verdict.InSync) && plan.Orphans.Count == 0 ? ExitCodes.Ok : ExitCodes.Pending);

    private static Command Create(
        CommandContext context,
        string name,
        string description,
        Action<CliConsole, Plan> renderText,
        Func<Plan, int> exitCode)
    {
        var services = context.ServiceOption("Only these services (repeatable)");
        var command = new Command(name, description) { services };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await CommandSession.OpenAsync(context.HostFor(parse), context.RegistryPath(parse), forApply: false, ct);
            var plan = await session.Pass.PlanAsync(session.Registry, parse.GetValue(services) ?? [], ct);
            if (context.Format(parse) == OutputFormat.Json)
            {
                PlanRenderer.Json(context.Console, session.Registry, plan);
            }
            else
            {
                renderText(context.Console, plan);
            }

            return exitCode(plan);
        });
        return command;
    }
}
