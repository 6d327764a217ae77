using System.Diagnostics.CodeAnalysis;
using Driftless.Configuration.Reload;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Driftless.Configuration;

/// <summary>Registers the Driftless reloaders with dependency injection.</summary>
public static class DriftlessServiceCollectionExtensions
{
    private const string ReflectionReason =
        "Runs the IValidateOptions<T> registered for each options type T on every reload; T is discovered in the service collection.";

    /// <summary>
    /// Registers the <see cref="ConfigReloader"/> of every Driftless source in the application's
    /// <see cref="IConfiguration"/> (resolved from the container when first needed, so it works with
    /// <c>WebApplication.CreateBuilder()</c>, <c>Host.CreateApplicationBuilder()</c> and any container holding the
    /// configuration root), and runs the app's options validation (<c>ValidateDataAnnotations</c>,
    /// <c>IValidateOptions&lt;T&gt;</c>) on every reload.
    /// </summary>
    /// <remarks>
    /// The reloaders are found when the container first needs them (the hosted service at start-up, a health check,
    /// resolving <c>IEnumerable&lt;ConfigReloader&gt;</c>), so Driftless sources added after this call are included.
    /// Resolving <see cref="ConfigReloader"/> alone gives the last one; with none, resolving it gives nothing.
    /// Calling it again has no effect.
    /// </remarks>
    /// <param name="services">The application's services.</param>
    /// <returns><paramref name="services"/>.</returns>
    [RequiresUnreferencedCode(ReflectionReason)]
    [RequiresDynamicCode(ReflectionReason)]
    public static IServiceCollection AddDriftlessReload(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Add(services, sp => sp.GetService<IConfiguration>()
            ?? throw new InvalidOperationException(
                "AddDriftlessReload() found no IConfiguration in the container; register it or pass it with AddDriftlessReload(configuration)."));
    }

    /// <summary>
    /// Like <see cref="AddDriftlessReload(IServiceCollection)"/>, with the configuration passed directly instead of
    /// resolved from the container.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The configuration root (or <c>ConfigurationManager</c>), not a section.</param>
    /// <returns><paramref name="services"/>.</returns>
    [RequiresUnreferencedCode(ReflectionReason)]
    [RequiresDynamicCode(ReflectionReason)]
    public static IServiceCollection AddDriftlessReload(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration is not IConfigurationRoot)
        {
            throw new ArgumentException("Pass the configuration root (or ConfigurationManager), not a section.", nameof(configuration));
        }

        return Add(services, _ => configuration);
    }

    [RequiresUnreferencedCode(ReflectionReason)]
    [RequiresDynamicCode(ReflectionReason)]
    private static IServiceCollection Add(IServiceCollection services, Func<IServiceProvider, IConfiguration> configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(DriftlessReloaders)))
        {
            return services; // already added: wiring validation twice would run it twice per reload
        }

        services.AddSingleton(sp => new DriftlessReloaders(configuration(sp)));
        services.AddSingleton(sp => new DriftlessReloadWiring(sp, sp.GetRequiredService<DriftlessReloaders>().Providers, services));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DriftlessReloadActivator>());

        // How many reloaders there are is known only once the configuration is resolved, so the enumerable is
        // registered as one service (the container prefers it to collecting single registrations). Resolving either
        // also wires validation.
        services.AddSingleton<IEnumerable<ConfigReloader>>(sp => Wired(sp).All);
        services.AddSingleton(sp => Wired(sp).All.LastOrDefault()!);
        return services;
    }

    private static DriftlessReloaders Wired(IServiceProvider services)
    {
        services.GetRequiredService<DriftlessReloadWiring>();
        return services.GetRequiredService<DriftlessReloaders>();
    }
}
