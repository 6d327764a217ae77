using System.CommandLine;
using System.Text.Json;
using Driftless.Cli.Output;
using Driftless.Core.Errors;
using Driftless.Core.Hashing;
using Driftless.Core.Registry;

namespace Driftless.Cli.Commands;

internal static class HashCommand
{
    public static Command Create(CommandContext context)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files and directories, relative to the current directory", Arity = ArgumentArity.OneOrMore };
        var command = new Command("hash", "Print the content hash the registry would compute for these inputs.") { paths };
        command.SetAction(async (parse, ct) =>
        {
            var baseDirectory = Directory.GetCurrentDirectory();
            var inputs = parse.GetValue(paths)!.Select(p => InputResolver.Resolve(p, baseDirectory)).ToList();
            var hash = await new ContentHasher().HashAsync(inputs, baseDirectory, ct);
            if (context.Format(parse) == OutputFormat.Json)
            {
                context.Console.Out.WriteLine(JsonSerializer.Serialize(
                    new HashJson(hash.Value, hash.Files.Select(f => new FileDigestJson(f.RelativePath, f.Digest)).ToList()),
                    CliJson.Default.HashJson));
            }
            else
            {
                context.Console.Out.WriteLine(hash.Value);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
