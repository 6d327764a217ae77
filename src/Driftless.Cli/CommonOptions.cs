using System.CommandLine;
using Driftless.Cli.Output;

namespace Driftless.Cli;

/// <summary>Options every command accepts (recursive on the root command).</summary>
internal sealed class CommonOptions
{
    public Option<FileInfo?> File { get; } = new("--file", "-f")
    {
        Description = "Registry file (default: driftless.yaml in the current directory)",
        Recursive = true,
    };

    public Option<string> Output { get; } = CreateOutput();

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log progress to standard error and show stack traces of unexpected errors",
        Recursive = true,
    };

    public OutputFormat Format(ParseResult parse) =>
        parse.GetValue(Output) == "json" ? OutputFormat.Json : OutputFormat.Text;

    public string RegistryPath(ParseResult parse) =>
        parse.GetValue(File)?.FullName ?? Path.Combine(Directory.GetCurrentDirectory(), "driftless.yaml");

    private static Option<string> CreateOutput()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Output format: text (a readable table) or json (stable, see docs/json-output.md)",
            DefaultValueFactory = _ => "text",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }
}
