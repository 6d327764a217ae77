using System.CommandLine;
using System.Text.Json;
using Driftless.Cli.Output;
using Driftless.Core.Registry;
using Driftless.Core.State;

namespace Driftless.Cli.Commands;

/// <summary>
/// <c>driftless rekey</c>: a new hash key for the registry's secret inputs. Nothing is applied here; the next
/// <c>plan</c> shows the services recorded under the old key as <c>adopt</c>, and the next apply or agent pass
/// records them under the new key without restarting anything.
/// </summary>
internal static class RekeyCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command(
            "rekey",
            "Replace the state directory's hash.key (secret inputs are hashed under it) with a new random key. The next apply or agent pass re-records secret inputs under it; nothing restarts.");
        command.SetAction(async (parse, ct) =>
        {
            var registry = await new RegistryLoader().LoadAsync(context.RegistryPath(parse), ct);
            var (previous, key) = HashKeyFile.Rotate(registry.StateDirectory);
            var path = Path.Combine(registry.StateDirectory, HashKeyFile.FileName);
            if (context.Format(parse) == OutputFormat.Json)
            {
                context.Console.Out.WriteLine(JsonSerializer.Serialize(new RekeyJson(path, previous, key.Id), CliJson.Default.RekeyJson));
                return ExitCodes.Ok;
            }

            context.Console.Out.WriteLine(previous is null ? $"hash key {key.Id} created: {path}" : $"hash key {previous} replaced by {key.Id}: {path}");
            if (!registry.Services.Any(s => s.Inputs.Any(i => i.Secret)))
            {
                context.Console.Out.WriteLine("note: no service of this registry has a secret input; the key is used once one has");
            }
            else
            {
                context.Console.Out.WriteLine("next: `driftless plan` shows the services to re-record as adopt; `driftless apply` (or the agent's next pass) records them, nothing restarts");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
