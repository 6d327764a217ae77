using System.CommandLine;
using System.Globalization;
using Driftless.Cli.Output;
using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Driftless.Docker;

namespace Driftless.Cli;

/// <summary>Options every command accepts (recursive on the root command).</summary>
internal sealed class CommonOptions
{
    /// <summary>The environment variable read when <c>--engine-timeout</c> is not given.</summary>
    public const string EngineTimeoutVariable = "DRIFTLESS_ENGINE_TIMEOUT";

    private static readonly TimeSpan LongestEngineTimeout = TimeSpan.FromHours(24);

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

    public Option<string?> EngineTimeout { get; } = CreateEngineTimeout();

    public OutputFormat Format(ParseResult parse) =>
        parse.GetValue(Output) == "json" ? OutputFormat.Json : OutputFormat.Text;

    public string RegistryPath(ParseResult parse) =>
        parse.GetValue(File)?.FullName ?? Path.Combine(Directory.GetCurrentDirectory(), "driftless.yaml");

    /// <summary><c>--engine-timeout</c>, else <see cref="EngineTimeoutVariable"/>, else 10 s.</summary>
    /// <exception cref="DriftlessException">Kind Usage: the variable holds no valid timeout (the option is checked at parse time too).</exception>
    public TimeSpan EngineTimeoutOf(ParseResult parse, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var (text, source) = parse.GetValue(EngineTimeout) is { } given
            ? (given, "--engine-timeout ")
            : (environment(EngineTimeoutVariable), EngineTimeoutVariable + "=");
        if (string.IsNullOrEmpty(text))
        {
            return DockerRuntimeOptions.DefaultTimeout;
        }

        return ParseEngineTimeout(text, out var timeout) is { } problem
            ? throw new DriftlessException(ErrorKind.Usage, $"{source}{text}: {problem}")
            : timeout;
    }

    /// <returns>Null when <paramref name="text"/> is a valid engine timeout, else what is wrong with it.</returns>
    private static string? ParseEngineTimeout(string text, out TimeSpan timeout)
    {
        if (!DurationParser.TryParse(text.Trim(), out timeout))
        {
            return $"not a duration (e.g. {DurationParser.Examples})";
        }

        return timeout <= TimeSpan.Zero || timeout > LongestEngineTimeout
            ? string.Create(CultureInfo.InvariantCulture, $"must be longer than 0 and at most {LongestEngineTimeout.TotalHours:0}h")
            : null;
    }

    private static Option<string?> CreateEngineTimeout()
    {
        var option = new Option<string?>("--engine-timeout")
        {
            Description = $"How long the container engine (DOCKER_HOST) has to answer a request before the command gives up with exit 69, e.g. 30s or 1m (default: {EngineTimeoutVariable}, else 10s). A restart or stop gets its stop grace on top",
            Recursive = true,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && ParseEngineTimeout(text, out _) is { } problem)
            {
                result.AddError($"--engine-timeout {text}: {problem}");
            }
        });
        return option;
    }

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
