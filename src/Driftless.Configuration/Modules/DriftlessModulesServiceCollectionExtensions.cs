using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Driftless.Configuration.Modules;

/// <summary>Registers the reconfiguration of <see cref="IReconfigurable"/> modules on every published change.</summary>
public static class DriftlessModulesServiceCollectionExtensions
{
    /// <summary>
    /// On every change published by a <c>ConfigReloader</c> in the container (see <c>AddDriftlessReload</c>), reconfigures
    /// the <see cref="IReconfigurable"/> modules whose section changed, or calls <paramref name="fullReload"/> when that
    /// is not enough (see <see cref="ModuleReconfigurator"/>). Modules are resolved in a new DI scope at every reload.
    /// </summary>
    /// <remarks>
    /// Starts with the host (a hosted service). Changes are handled one at a time, in order, off the reloading thread;
    /// <paramref name="fullReload"/> receives the root provider and may call <c>ForceReloadAsync</c>. Its failures are logged.
    /// </remarks>
    public static IServiceCollection AddDriftlessModules(
        this IServiceCollection services, Func<IServiceProvider, CancellationToken, Task> fullReload)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(fullReload);
        if (services.Any(d => d.ServiceType == typeof(ModuleReloadSubscription)))
        {
            throw new InvalidOperationException("AddDriftlessModules() was already called; an application has one full reload.");
        }

        services.AddSingleton(sp => new ModuleReloadSubscription(sp, fullReload));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DriftlessModulesActivator>());
        return services;
    }
}
