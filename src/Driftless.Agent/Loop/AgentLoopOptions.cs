using Driftless.Core.Runtime;

namespace Driftless.Agent.Loop;

/// <summary>What the composition root (the CLI) hands the convergence loop.</summary>
/// <param name="RegistryPath">The <c>driftless.yaml</c> to converge and watch.</param>
/// <param name="Runtime">The container runtime (Driftless.Docker in production).</param>
/// <param name="Http">Client for reload endpoints and verification checks.</param>
public sealed record AgentLoopOptions(string RegistryPath, IContainerRuntime Runtime, HttpClient Http)
{
    /// <summary>Independent services applied at once within a pass (as <c>apply --parallel</c>).</summary>
    public int Parallelism { get; init; } = 4;
}
