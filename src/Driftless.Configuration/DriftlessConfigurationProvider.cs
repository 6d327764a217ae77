using Driftless.Configuration.Reload;
using Driftless.Configuration.Sources;
using Microsoft.Extensions.Configuration;

namespace Driftless.Configuration;

/// <summary>
/// Serves a <see cref="ConfigReloader"/>'s last good snapshot to <c>IConfiguration</c> and signals
/// <c>OnReload()</c> exactly once per published change — so <c>IOptionsMonitor&lt;T&gt;.OnChange</c> fires
/// once per real change, not once per file-system event.
/// </summary>
public sealed class DriftlessConfigurationProvider : ConfigurationProvider, IDisposable
{
    // Set only around a reload's options validation, on that reload's flow: binding then reads the candidate
    // while every other reader still sees the published snapshot.
    private readonly AsyncLocal<ConfigurationProvider?> _preview = new();

    /// <summary>A provider for <paramref name="source"/>; nothing is loaded until <see cref="Load"/>.</summary>
    /// <param name="source">The source and reload options to serve.</param>
    public DriftlessConfigurationProvider(DriftlessConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Reloader = new ConfigReloader(source.Source, source.Options);

        // Subscribed first, so IConfiguration is already current when other Reloaded handlers run.
        Reloader.Reloaded += OnReloaded;
    }

    /// <summary>The reloader behind this provider: its revision, last error, events and <c>ForceReloadAsync</c>.</summary>
    public ConfigReloader Reloader { get; }

    /// <summary>Loads the first snapshot (throwing on bad configuration) and starts watching.</summary>
    public override void Load()
    {
        if (!Reloader.IsStarted)
        {
            // IConfigurationProvider.Load is synchronous by contract; this is the one blocking call, at
            // startup, and it has to throw so the application does not start on bad configuration.
            Reloader.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        Data = ToData(Reloader.Current);
    }

    /// <inheritdoc />
    public override bool TryGet(string key, out string? value) =>
        _preview.Value is { } preview ? preview.TryGet(key, out value) : base.TryGet(key, out value);

    /// <inheritdoc />
    public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath) =>
        _preview.Value is { } preview ? preview.GetChildKeys(earlierKeys, parentPath) : base.GetChildKeys(earlierKeys, parentPath);

    /// <summary>Stops watching and releases the reloader (e.g. closes a PostgreSQL listener's connections).</summary>
    public void Dispose() => Reloader.Dispose();

    /// <summary>The provider's type and its source's name (never values).</summary>
    public override string ToString() => $"{nameof(DriftlessConfigurationProvider)} for '{Reloader.Source.Name}'";

    /// <summary>Until disposed, this flow (only) reads <paramref name="candidate"/> through this provider.</summary>
    internal IDisposable Preview(ConfigSnapshot candidate)
    {
        var previous = _preview.Value;
        _preview.Value = new SnapshotConfigurationProvider(candidate);
        return new PreviewScope(this, previous);
    }

    private static Dictionary<string, string?> ToData(ConfigSnapshot snapshot) =>
        new(snapshot.Values, StringComparer.OrdinalIgnoreCase);

    private void OnReloaded(ConfigSnapshot old, ConfigSnapshot @new)
    {
        // Swap the whole dictionary (never mutate it): readers see the old or the new snapshot.
        Data = ToData(@new);
        OnReload();
    }

    private sealed class PreviewScope(DriftlessConfigurationProvider owner, ConfigurationProvider? previous) : IDisposable
    {
        public void Dispose() => owner._preview.Value = previous;
    }

    private sealed class SnapshotConfigurationProvider : ConfigurationProvider
    {
        public SnapshotConfigurationProvider(ConfigSnapshot snapshot) => Data = ToData(snapshot);
    }
}
