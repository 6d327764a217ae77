using Driftless.Core.Hashing;
using Driftless.Core.Observation;
using Driftless.Core.Registry;
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

    /// <summary>What the container's process sees of the inputs, by Core's own observation rules over this runtime.</summary>
    public static Task<ProcessView> ObserveAsync(
        IContainerRuntime runtime,
        RuntimeContainer container,
        IReadOnlyList<InputSpec> inputs,
        ContentHash desired,
        string baseDirectory,
        CancellationToken cancellationToken) =>
        new ProcessObserver(runtime, NullLogger.Instance).ObserveAsync(container, inputs, desired, baseDirectory, cancellationToken);
}
