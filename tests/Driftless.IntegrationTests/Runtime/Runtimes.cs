using Driftless.Core.Runtime;
using Driftless.Docker;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.IntegrationTests.Runtime;

internal static class Runtimes
{
    public static IContainerRuntime Create(ObservationMode mode = ObservationMode.Proc, string? endpoint = null) =>
        DockerRuntimeFactory.Create(NullLoggerFactory.Instance, new DockerRuntimeOptions { ObservationMode = mode, Endpoint = endpoint });

    public static async Task<RuntimeContainer> FindByNameAsync(IContainerRuntime runtime, string name) =>
        await runtime.FindAsync(new ContainerTarget("-", "-", name), CancellationToken.None)
        ?? throw new InvalidOperationException($"container {name} not found");
}
