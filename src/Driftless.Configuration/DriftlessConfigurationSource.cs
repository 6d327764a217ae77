using Driftless.Configuration.Reload;
using Driftless.Configuration.Sources;
using Microsoft.Extensions.Configuration;

namespace Driftless.Configuration;

/// <summary>Adds an <see cref="IConfigSource"/>, hot-reloaded by a <see cref="ConfigReloader"/>, to a configuration builder.</summary>
public sealed class DriftlessConfigurationSource : IConfigurationSource
{
    public DriftlessConfigurationSource(IConfigSource source, DriftlessReloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        Source = source;
        Options = options;
    }

    public IConfigSource Source { get; }

    public DriftlessReloadOptions Options { get; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new DriftlessConfigurationProvider(this);
}
