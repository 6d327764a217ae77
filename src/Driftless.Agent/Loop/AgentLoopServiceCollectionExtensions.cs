using Driftless.Agent.Control;
using Driftless.Agent.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Driftless.Agent.Loop;

public static class AgentLoopServiceCollectionExtensions
{
    /// <summary>
    /// Registers the convergence loop as a hosted service, and as <see cref="Control.IAgentControl"/> — the
    /// same singleton, so the API drives the very loop that runs — plus <see cref="AgentMetrics"/>.
    /// Needs a <see cref="TimeProvider"/> and logging registered.
    /// </summary>
    public static IServiceCollection AddDriftlessAgentLoop(this IServiceCollection services, AgentLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<AgentMetrics>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ConvergenceLoop>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ConvergenceLoop>());
        services.AddSingleton<IAgentControl>(sp => sp.GetRequiredService<ConvergenceLoop>());
        return services;
    }
}
