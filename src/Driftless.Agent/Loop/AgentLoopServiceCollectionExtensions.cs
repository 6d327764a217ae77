using Driftless.Agent.Control;
using Driftless.Agent.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Driftless.Agent.Loop;

public static class AgentLoopServiceCollectionExtensions
{
    /// <summary>
    /// Registers the convergence loop as a hosted service, and as <see cref="IAgentControl"/> — the same
    /// singleton, so the API drives the very loop that runs — plus <see cref="AgentMetrics"/> and the loop's
    /// logging and metrics listeners (<see cref="IAgentLoopListener"/>; add more the same way). Needs logging
    /// registered; uses a registered <see cref="TimeProvider"/>, else the system clock.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="options"/> is incomplete or out of range.</exception>
    public static IServiceCollection AddDriftlessAgentLoop(this IServiceCollection services, AgentLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton<AgentMetrics>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAgentLoopListener, LogListener>();
        services.AddSingleton<IAgentLoopListener, MetricsListener>();
        services.AddSingleton<ConvergenceLoop>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ConvergenceLoop>());
        services.AddSingleton<IAgentControl>(sp => sp.GetRequiredService<ConvergenceLoop>());
        return services;
    }
}
