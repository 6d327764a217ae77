using System.CommandLine;
using Driftless.Cli.Output;

namespace Driftless.Cli.Commands;

/// <summary>What every command handler gets: the parsed common options, the host and the console.</summary>
internal sealed record CommandContext(CommonOptions Options, CliHost Host, CliConsole Console)
{
    public OutputFormat Format(ParseResult parse) => Options.Format(parse);

    public string RegistryPath(ParseResult parse) => Options.RegistryPath(parse);

    /// <summary>The host with this command's engine timeout (<c>--engine-timeout</c>, its variable, or the default).</summary>
    public CliHost HostFor(ParseResult parse) =>
        Host with { EngineTimeout = Options.EngineTimeoutOf(parse, Environment.GetEnvironmentVariable) };

    public Option<string[]> ServiceOption(string description) => new("--service", "-s")
    {
        Description = description,
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };
}
