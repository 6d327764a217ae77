using Driftless.Configuration.Reload;
using Driftless.Configuration.Sources;
using Microsoft.Extensions.Configuration;

namespace Driftless.Configuration;

public static class DriftlessConfigurationBuilderExtensions
{
    /// <summary>
    /// Adds <paramref name="source"/> with hot reload: debounced watching, last-good-kept on a bad save, one
    /// change notification per real change. Building the configuration throws if the first load fails.
    /// </summary>
    public static IConfigurationBuilder AddDriftless(
        this IConfigurationBuilder builder, IConfigSource source, Action<DriftlessReloadOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        var options = new DriftlessReloadOptions();
        configure?.Invoke(options);
        options.Validate();
        return builder.Add(new DriftlessConfigurationSource(source, options));
    }
}
