using System.CommandLine;
using Driftless.Cli.Output;
using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Driftless.Core.State;

namespace Driftless.Cli.Commands;

internal static class HistoryCommand
{
    public static Command Create(CommandContext context)
    {
        var service = new Argument<string?>("SERVICE") { Description = "Only this service", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int>("--limit", "-n") { Description = "How many events, newest first", DefaultValueFactory = _ => 20 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--limit must be at least 1");
            }
        });
        var command = new Command("history", "Past events from the state store, newest first.") { service, limit };
        command.SetAction(async (parse, ct) =>
        {
            var registry = await new RegistryLoader().LoadAsync(context.RegistryPath(parse), ct);
            await using var store = await SqliteStateStore.OpenAsync(registry.StateDirectory, readOnly: true, ct);
            var events = await store.HistoryAsync(parse.GetValue(service), parse.GetValue(limit), ct);
            if (context.Format(parse) == OutputFormat.Json)
            {
                EventRenderer.HistoryJson(context.Console, events);
            }
            else
            {
                EventRenderer.HistoryText(context.Console, events);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
