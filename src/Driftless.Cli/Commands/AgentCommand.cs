using System.CommandLine;
using Driftless.Agent;
using Driftless.Agent.Hosting;
using Driftless.Agent.Loop;
using Driftless.Core.Convergence;
using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Microsoft.Extensions.Logging;

namespace Driftless.Cli.Commands;

/// <summary>
/// <c>driftless agent</c>: the long-running convergence loop with its HTTP API. SIGTERM/SIGINT stop it
/// gracefully (the in-flight apply finishes and is recorded) and the process exits 0.
/// </summary>
internal static class AgentCommand
{
    public const string Name = "agent";

    public static Command Create(CommandContext context)
    {
        var listen = new Option<string?>("--listen")
        {
            Description = $"API address host:port, [::1]:port or localhost:port (default: agent.listen of the registry, else {AgentSettings.DefaultListen}). A non-loopback address requires agent.token_file or agent.token_env",
        };
        var command = new Command(
            Name,
            "Keep every service converged: watch inputs (debounced), check liveness every tick, serve the HTTP API and metrics. Logs go to standard error. SIGTERM/SIGINT: finish the in-flight apply, exit 0.")
        {
            listen,
        };
        command.SetAction(async (parse, ct) =>
        {
            var registryPath = context.RegistryPath(parse);
            var registry = await new RegistryLoader().LoadAsync(registryPath, ct);
            var runtime = context.HostFor(parse).Runtime();
            try
            {
                // An unreachable engine is exit 69 before anything listens.
                await runtime.PingAsync(ct);
                var verbose = parse.GetValue(context.Options.Verbose);
                var options = new AgentHostOptions
                {
                    ListenOverride = parse.GetValue(listen),
                    ConfigureLogging = logging => logging
                        .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information)
                        .AddSimpleConsole(o => o.SingleLine = true)
                        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace),
                };
                // The registry read above is the one the loop converges: it is not parsed twice.
                var loop = new AgentLoopOptions(registry, (store, time, loggers) => new ConvergencePass(runtime, context.Host.Http, store, time, loggers));
                await using var host = AgentHost.Create(registry.Agent, loop, options);
                await host.StartAsync(ct);
                await context.Console.Error.WriteLineAsync(
                    $"driftless agent: converging {registry.FilePath}; API on {string.Join(", ", host.Addresses)}");
                await host.WaitForShutdownAsync(ct);
                await context.Console.Error.WriteLineAsync("driftless agent: stopped");
                return ExitCodes.Ok;
            }
            finally
            {
                (runtime as IDisposable)?.Dispose();
            }
        });
        return command;
    }
}
