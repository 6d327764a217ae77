using System.CommandLine;
using System.Text.Json;
using Driftless.Cli.Output;
using Driftless.Core.Errors;
using Driftless.Core.Hashing;
using Driftless.Core.Registry;
using Driftless.Core.State;

namespace Driftless.Cli.Commands;

internal static class HashCommand
{
    public static Command Create(CommandContext context)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files and directories, relative to the current directory", Arity = ArgumentArity.OneOrMore };
        var secret = new Option<bool>("--secret") { Description = "Hash the paths as secret inputs: HMAC-SHA256 under the state directory's hash.key (created if absent)" };
        var state = new Option<string?>("--state") { Description = "The state directory holding hash.key, for --secret (default: .driftless in the current directory)" };
        var command = new Command("hash", "Print the content hash the registry would compute for these inputs.") { paths, secret, state };
        command.SetAction(async (parse, ct) =>
        {
            var baseDirectory = Directory.GetCurrentDirectory();
            var asSecret = parse.GetValue(secret);
            var inputs = parse.GetValue(paths)!.Select(p => InputResolver.Resolve(p, baseDirectory) with { Secret = asSecret }).ToList();
            var stateDirectory = Path.GetFullPath(parse.GetValue(state) ?? ".driftless", baseDirectory);
            var hash = await new ContentHasher().HashAsync(inputs, baseDirectory, HashKeyFile.For(stateDirectory, inputs), ct);
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
