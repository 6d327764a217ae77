using Driftless.Core.Runtime;
using Driftless.Docker;
using Microsoft.Extensions.Logging;

namespace Driftless.Cli;

/// <summary>The process-level services a command uses; tests substitute parts of it.</summary>
/// <param name="CreateRuntime">The container runtime, given the loggers and the engine timeout.</param>
internal sealed record CliHost(
    ILoggerFactory Loggers,
    TimeProvider Time,
    Func<ILoggerFactory, TimeSpan, IContainerRuntime> CreateRuntime,
    HttpClient Http)
{
    /// <summary>How long the engine has to answer a request (<c>--engine-timeout</c>); set per command.</summary>
    public TimeSpan EngineTimeout { get; init; } = DockerRuntimeOptions.DefaultTimeout;

    public static CliHost Create(ILoggerFactory loggers) =>
        new(loggers, TimeProvider.System, (l, timeout) => DockerRuntimeFactory.Create(l, new DockerRuntimeOptions { Timeout = timeout }), CreateHttpClient());

    /// <summary>A runtime over the engine with this host's loggers and engine timeout; the caller disposes it.</summary>
    public IContainerRuntime Runtime() => CreateRuntime(Loggers, EngineTimeout);

    // Reload endpoints and health checks are the service's own (usually loopback): no proxy, no cookies,
    // no redirects to elsewhere; every call sets its own timeout.
    private static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
