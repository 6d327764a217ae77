using Driftless.Core.Runtime;
using Driftless.Docker;
using Microsoft.Extensions.Logging;

namespace Driftless.Cli;

/// <summary>The process-level services a command uses; tests substitute parts of it.</summary>
internal sealed record CliHost(
    ILoggerFactory Loggers,
    TimeProvider Time,
    Func<ILoggerFactory, IContainerRuntime> CreateRuntime,
    HttpClient Http)
{
    public static CliHost Create(ILoggerFactory loggers) =>
        new(loggers, TimeProvider.System, l => DockerRuntimeFactory.Create(l), CreateHttpClient());

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
