using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using Driftless.Cli.Commands;
using Driftless.Cli.Output;
using Driftless.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.Cli;

/// <summary>
/// The <c>driftless</c> command line. Errors are mapped to exit codes here and only here; a user sees a
/// message written for them, and a stack trace only with <c>--verbose</c>.
/// </summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken) =>
        RunAsync(args, console, hostOverride: null, cancellationToken);

    internal static async Task<int> RunAsync(string[] args, CliConsole console, Func<ILoggerFactory, CliHost>? hostOverride, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var options = new CommonOptions();
        var verbose = args.Contains("--verbose") || args.Contains("-v");
        using var loggers = verbose ? CreateLoggers() : NullLoggerFactory.Instance;
        var host = hostOverride?.Invoke(loggers) ?? CliHost.Create(loggers);
        using var ownedHttp = hostOverride is null ? host.Http : null;
        var context = new CommandContext(options, host, console);

        var root = new RootCommand("Driftless: configuration changes reach running services, verified inside the running process.")
        {
            options.File, options.Output, options.Verbose, options.EngineTimeout,
        };
        root.Subcommands.Add(PlanViewCommands.Plan(context));
        root.Subcommands.Add(ApplyCommand.Create(context));
        root.Subcommands.Add(PlanViewCommands.Status(context));
        root.Subcommands.Add(HistoryCommand.Create(context));
        root.Subcommands.Add(HashCommand.Create(context));
        root.Subcommands.Add(RekeyCommand.Create(context));
        root.Subcommands.Add(DoctorCommand.Create(context));
        root.Subcommands.Add(CheckCommand.Create(context));
        root.Subcommands.Add(AgentCommand.Create(context));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await console.Error.WriteLineAsync($"driftless: {error.Message}");
            }

            await console.Error.WriteLineAsync("Run 'driftless --help' for usage.");
            return ExitCodes.Usage;
        }

        var format = options.Format(parse);

        // Ctrl-C (the caller's token) and SIGTERM cancel a command cooperatively: in-flight steps clean up (a check
        // container is removed) and the run ends as interrupted. System.CommandLine's own handler is off: it ran before
        // the caller's Ctrl-C handler and cancelled only its own token, so an interrupted apply ended as exit 70. The
        // agent's host handles SIGTERM/SIGINT itself and may need minutes to finish an in-flight apply.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var terminate = parse.CommandResult.Command.Name == AgentCommand.Name
            ? null
            : PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
            {
                // A second SIGTERM takes the default action, as a second Ctrl-C does.
                signal.Cancel = !interrupted.IsCancellationRequested;
                interrupted.Cancel();
            });
        try
        {
            var exit = await parse.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = console.Out,
                    Error = console.Error,
                    EnableDefaultExceptionHandler = false,
                    ProcessTerminationTimeout = null,
                },
                interrupted.Token);
            return parse.CommandResult.Command == root && parse.Tokens.Count == 0 ? ExitCodes.Usage : exit;
        }
        catch (DriftlessException ex)
        {
            var exitCode = ExitCodes.For(ex.Kind);
            var errors = (ex as RegistryException)?.Errors.Select(e => new RegistryErrorJson(e.FilePath, e.Line, e.Column, e.KeyPath, e.Problem)).ToList();
            await ReportAsync(console, format, ex.Message, exitCode, verbose ? ex : null, errors);
            return exitCode;
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("driftless: interrupted; state was not advanced for unfinished services");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var message = $"unexpected error: {ex.Message}" + (verbose ? string.Empty : " (run with --verbose for details)");
            await ReportAsync(console, format, message, ExitCodes.InternalError, verbose ? ex : null);
            return ExitCodes.InternalError;
        }
    }

    private static async Task ReportAsync(
        CliConsole console,
        OutputFormat format,
        string message,
        int exitCode,
        Exception? detail,
        IReadOnlyList<RegistryErrorJson>? errors = null)
    {
        // One problem per line (a registry reports all of them at once), each a line of its own for grep and editors.
        foreach (var line in message.Split('\n'))
        {
            await console.Error.WriteLineAsync($"driftless: {line}");
        }

        if (detail is not null)
        {
            await console.Error.WriteLineAsync(detail.ToString());
        }

        if (format == OutputFormat.Json)
        {
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(new ErrorJson(message, exitCode) { Errors = errors }, CliJson.Default.ErrorJson));
        }
    }

    private static ILoggerFactory CreateLoggers() => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Debug)
        .AddSimpleConsole(o => o.SingleLine = true)
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
