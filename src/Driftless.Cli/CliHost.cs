using Driftless.Core.Runtime;
using Driftless.Docker;
using Microsoft.Extensions.Logging;

namespace Driftless.Cli;

/// <summary>The process-level services a command uses; tests substitute parts of it.</summary>
internal sealed record CliHost(
    ILoggerFactory Loggers,
    TimeProvider Time,
    Func<ILoggerFactory, IContainerRuntime> CreateRuntime)
{
    public static CliHost Create(ILoggerFactory loggers) =>
        new(loggers, TimeProvider.System, l => DockerRuntimeFactory.Create(l));
}
