using Driftless.Configuration.Sources;

namespace Driftless.Configuration.Tests.Modules;

/// <summary>A source whose content the test sets; no files, so the reloader reloads on ForceReloadAsync only.</summary>
internal sealed class MemorySource(Dictionary<string, string?> initial) : IConfigSource
{
    private volatile Dictionary<string, string?> _values = new(initial, StringComparer.OrdinalIgnoreCase);

    public string Name => "memory";

    public IReadOnlyList<string> WatchedPaths => [];

    public void Set(Dictionary<string, string?> values) => _values = new(values, StringComparer.OrdinalIgnoreCase);

    public Task<ConfigSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var values = _values;
        var text = string.Join('\n', values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return Task.FromResult(new ConfigSnapshot(values, ConfigHash.Of(System.Text.Encoding.UTF8.GetBytes(text)), Name));
    }
}
