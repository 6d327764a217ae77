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
    /// Registers the <see cref="ConfigReloader"/> of every Driftless source in the <see cref="IConfiguration"/>
    /// registered as an instance (as WebApplicationBuilder and HostApplicationBuilder do), and runs the app's
    /// options validation (<c>ValidateDataAnnotations</c>, <c>IValidateOptions&lt;T&gt;</c>) on every reload.
    /// </summary>
    [RequiresUnreferencedCode(ReflectionReason)]
    [RequiresDynamicCode(ReflectionReason)]
    public static IServiceCollection AddDriftlessReload(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var configuration = services.LastOrDefault(d => d.ServiceType == typeof(IConfiguration))?.ImplementationInstance as IConfiguration
            ?? throw new InvalidOperationException(
                "AddDriftlessReload() needs the IConfiguration registered as an instance; pass it with AddDriftlessReload(configuration).");
        return services.AddDriftlessReload(configuration);
    }

    /// <inheritdoc cref="AddDriftlessReload(IServiceCollection)"/>
    [RequiresUnreferencedCode(ReflectionReason)]
    [RequiresDynamicCode(ReflectionReason)]
    public static IServiceCollection AddDriftlessReload(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var root = configuration as IConfigurationRoot
            ?? throw new ArgumentException("Pass the configuration root (or ConfigurationManager), not a section.", nameof(configuration));
        if (services.Any(d => d.ServiceType == typeof(DriftlessReloadWiring)))
        {
            return services; // already added: registering the reloaders twice would wire validation twice
        }

        var providers = root.Providers.OfType<DriftlessConfigurationProvider>().ToList();

        services.TryAddSingleton(sp => new DriftlessReloadWiring(sp, providers, services));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DriftlessReloadActivator>());
        foreach (var provider in providers)
        {
            // A factory (not the instance) so that resolving a reloader also wires its validation.
            var reloader = provider.Reloader;
            services.AddSingleton(sp =>
            {
                sp.GetRequiredService<DriftlessReloadWiring>();
                return reloader;
            });
        }

        return services;
    }
}
