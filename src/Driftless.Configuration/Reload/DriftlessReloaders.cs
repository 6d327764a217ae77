using Microsoft.Extensions.Configuration;

namespace Driftless.Configuration.Reload;

/// <summary>
/// The <see cref="ConfigReloader"/> of every Driftless source in the application's configuration, found when the
/// container first needs them — not when <c>AddDriftlessReload</c> runs — so the configuration may be registered by a
/// factory (as HostApplicationBuilder and WebApplicationBuilder do) and sources added after the call are included.
/// </summary>
internal sealed class DriftlessReloaders
{
    public DriftlessReloaders(IConfiguration configuration)
    {
        var root = configuration as IConfigurationRoot
            ?? throw new InvalidOperationException(
                "AddDriftlessReload() needs the configuration root (IConfigurationRoot or ConfigurationManager) as the registered IConfiguration, not a section.");
        var providers = new List<DriftlessConfigurationProvider>();
        Collect(root, providers);
        Providers = providers;
        All = [.. providers.Select(p => p.Reloader)];
    }

    public IReadOnlyList<DriftlessConfigurationProvider> Providers { get; }

    public IReadOnlyList<ConfigReloader> All { get; }

    // A chained configuration (AddConfiguration, the generic host's host configuration) may hold Driftless sources too.
    private static void Collect(IConfigurationRoot root, List<DriftlessConfigurationProvider> providers)
    {
        foreach (var provider in root.Providers)
        {
            switch (provider)
            {
                case DriftlessConfigurationProvider driftless when !providers.Contains(driftless):
                    providers.Add(driftless);
                    break;
                case ChainedConfigurationProvider { Configuration: IConfigurationRoot chained }:
                    Collect(chained, providers);
                    break;
            }
        }
    }
}
