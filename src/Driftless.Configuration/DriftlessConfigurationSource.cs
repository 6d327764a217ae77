using Driftless.Configuration.Reload;
using Driftless.Configuration.Sources;
using Microsoft.Extensions.Configuration;

namespace Driftless.Configuration;

/// <summary>Adds an <see cref="IConfigSource"/>, hot-reloaded by a <see cref="ConfigReloader"/>, to a configuration builder.</summary>
public sealed class DriftlessConfigurationSource : IConfigurationSource
{
    /// <summary>A configuration source serving <paramref name="source"/> with <paramref name="options"/>.</summary>
    /// <param name="source">Where the configuration is loaded from.</param>
    /// <param name="options">How changes are detected and validated.</param>
    public DriftlessConfigurationSource(IConfigSource source, DriftlessReloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        Source = source;
        Options = options;
    }

    /// <summary>Where the configuration is loaded from.</summary>
    public IConfigSource Source { get; }

    /// <summary>How changes are detected and validated.</summary>
    public DriftlessReloadOptions Options { get; }

    /// <summary>Creates the <see cref="DriftlessConfigurationProvider"/> for this source.</summary>
    /// <param name="builder">The configuration builder (unused).</param>
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new DriftlessConfigurationProvider(this);
}
