using Driftless.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace Driftless.Docker;

/// <summary>Creates the <see cref="IContainerRuntime"/> over the Docker Engine API.</summary>
public static class DockerRuntimeFactory
{
    public static IContainerRuntime Create(ILoggerFactory loggers, DockerRuntimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        options ??= new DockerRuntimeOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        var endpoint = ResolveEndpoint(options.Endpoint);
        var mode = ResolveMode(options.ObservationMode, Environment.GetEnvironmentVariable(DockerRuntimeOptions.ObserveVariable));
        return new DockerRuntime(
            endpoint,
            mode,
            options.Timeout,
            new ComposeCli(loggers.CreateLogger<ComposeCli>()),
            loggers.CreateLogger<DockerRuntime>());
    }

    internal static string ResolveEndpoint(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(fromEnvironment) ? DockerRuntimeOptions.DefaultEndpoint : fromEnvironment;
    }

    internal static ObservationMode ResolveMode(ObservationMode configured, string? environment)
    {
        if (configured != ObservationMode.Auto || string.IsNullOrWhiteSpace(environment))
        {
            return configured;
        }

        return environment.Trim().ToUpperInvariant() switch
        {
            "EXEC" => ObservationMode.Exec,
            "PROC" => ObservationMode.Proc,
            _ => ObservationMode.Auto,
        };
    }
}
