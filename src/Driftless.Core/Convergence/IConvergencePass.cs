using Driftless.Core.Checks;
using Driftless.Core.Execution;
using Driftless.Core.Planning;
using Driftless.Core.Registry;

namespace Driftless.Core.Convergence;

/// <summary>
/// The one pipeline — desired × observed × applied → plan → apply by mode → verify → record — as every
/// surface runs it: <c>plan</c>, <c>status</c>, <c>apply</c>, the agent and a fleet host. A pass never
/// takes the apply lock itself: callers decide how to wait for it.
/// </summary>
public interface IConvergencePass
{
    /// <summary>Reads desired, observed and applied state and decides one action per service. Changes nothing.</summary>
    /// <param name="registry">The registry to converge.</param>
    /// <param name="services">Only these services; empty means all (and then orphaned managed containers too).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="Errors.DriftlessException">Kind <see cref="Errors.ErrorKind.UnknownService"/> for a name not in the registry.</exception>
    Task<Plan> PlanAsync(DriftlessRegistry registry, IReadOnlyCollection<string> services, CancellationToken cancellationToken);

    /// <summary>Plans, then applies each pending service by its mode, verifies it and records the outcome.</summary>
    Task<ApplyReport> ApplyAsync(DriftlessRegistry registry, IReadOnlyCollection<string> services, ApplyOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Runs only the services' <c>check:</c>s against the files on disk now (<c>driftless check</c>): each selected service
    /// with a check, whether or not its inputs changed, one after another in registry order; leftover check containers of a
    /// killed run are removed first. Touches no service and reads or records no state. Each result is yielded as its check ends.
    /// </summary>
    /// <param name="registry">The registry whose checks to run.</param>
    /// <param name="services">Only these services; empty means all.</param>
    /// <param name="cancellationToken">Stops the running check (its container is removed, a host check's process tree killed).</param>
    /// <exception cref="Errors.DriftlessException">Kind <see cref="Errors.ErrorKind.UnknownService"/> for a name not in the registry.</exception>
    IAsyncEnumerable<ServiceCheck> CheckAsync(DriftlessRegistry registry, IReadOnlyCollection<string> services, CancellationToken cancellationToken);
}
