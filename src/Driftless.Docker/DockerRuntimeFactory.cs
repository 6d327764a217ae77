using Driftless.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace Driftless.Docker;

// TEMPORARY stand-in until the docker branch lands (replaced on merge).
public static class DockerRuntimeFactory
{
    public static IContainerRuntime Create(ILoggerFactory loggers) => throw new NotImplementedException();
}
