using Driftless.Configuration.Postgres;
using Driftless.Configuration.Reload;
using Driftless.Configuration.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Driftless.Configuration;

/// <summary>Adds hot-reloaded Driftless sources to an <see cref="IConfigurationBuilder"/>.</summary>
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

    /// <summary>
    /// Adds the PostgreSQL document <see cref="PostgresSourceOptions.Key"/> with hot reload: a change is picked up on
    /// NOTIFY (<see cref="PostgresSourceOptions.Listen"/>) or by polling its hash, and everything is reloaded after the
    /// listener reconnects. Building the configuration throws if the first load fails. The document store lives as long
    /// as the configuration; the listener's connections are closed when the configuration is disposed.
    /// </summary>
    public static IConfigurationBuilder AddDriftlessPostgres(
        this IConfigurationBuilder builder, PostgresSourceOptions options, Action<DriftlessReloadOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var reloadOptions = new DriftlessReloadOptions();
        configure?.Invoke(reloadOptions);
        reloadOptions.Validate();
        var store = new PostgresDocumentStore(options.ConnectionString, reloadOptions.LoggerFactory?.CreateLogger<PostgresDocumentStore>());
        var source = new PostgresConfigSource(store, options, reloadOptions.TimeProvider, reloadOptions.LoggerFactory);
        return builder.Add(new DriftlessConfigurationSource(source, reloadOptions));
    }
}
