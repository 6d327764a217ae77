using Driftless.Agent.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Driftless.Agent.Loop;

public static class AgentLoopServiceCollectionExtensions
{
    /// <summary>
    /// Registers the convergence loop as a hosted service, and as <see cref="Control.IAgentControl"/>,
    /// plus <see cref="AgentMetrics"/>. Needs a <see cref="TimeProvider"/> and logging registered.
    /// </summary>
    public static IServiceCollection AddDriftlessAgentLoop(this IServiceCollection services, AgentLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<AgentMetrics>();
        services.TryAddSingleton(TimeProvider.System);

        // The loop itself (hosted service + IAgentControl) is registered here by the loop step.
        return services;
    }
}
