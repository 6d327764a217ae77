using Driftless.Core.Events;

namespace Driftless.Agent.Control;

/// <summary>What the HTTP API (and tests) can ask of a running agent. Implemented by the convergence loop.</summary>
public interface IAgentControl
{
    /// <summary>Every service of the current registry: phase, verdict, container id, hashes, last error.</summary>
    Task<AgentStatus> StatusAsync(CancellationToken cancellationToken);

    /// <summary>Newest first, from the state store.</summary>
    Task<IReadOnlyList<ApplyEvent>> HistoryAsync(string? service, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one pass of the pipeline now (all services, or one) through the same planner and executor
    /// as every other trigger, and returns what it did. An unknown service throws
    /// <see cref="Core.Errors.DriftlessException"/> with exit code <c>Usage</c>.
    /// </summary>
    Task<ReconcileResult> ReconcileAsync(string? service, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the loop keeps up: unhealthy when work is pending and no pass completed within three ticks
    /// (<c>GET /healthz</c> answers 503 then).
    /// </summary>
    AgentHealth Health();
}
