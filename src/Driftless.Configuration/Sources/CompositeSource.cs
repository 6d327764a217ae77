namespace Driftless.Configuration.Sources;

/// <summary>
/// Several sources overlaid in order: a later layer's value wins per key (case-insensitive). All layers load or
/// none does — a failing layer fails the composite, so a partial overlay is never published.
/// </summary>
public sealed class CompositeSource : IConfigSource
{
    private readonly IConfigSource[] _layers;

    /// <summary>A composite of <paramref name="layers"/>, in order: a later layer wins.</summary>
    /// <param name="layers">At least one source; their watched paths are all watched.</param>
    public CompositeSource(IReadOnlyList<IConfigSource> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("A composite needs at least one layer.", nameof(layers));
        }

        _layers = [.. layers];
        foreach (var layer in _layers)
        {
            ArgumentNullException.ThrowIfNull(layer, nameof(layers));
        }

        Name = $"composite({string.Join(", ", _layers.Select(l => l.Name))})";
        WatchedPaths = _layers.SelectMany(l => l.WatchedPaths).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary><c>composite(</c> the layers' names <c>)</c>.</summary>
    public string Name { get; }

    /// <summary>Every layer's watched paths, each once.</summary>
    public IReadOnlyList<string> WatchedPaths { get; }

    /// <summary>Loads every layer and overlays them; fails when any layer fails.</summary>
    /// <param name="cancellationToken">Cancels the loads.</param>
    public async Task<ConfigSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var loads = Array.ConvertAll(_layers, layer => layer.LoadAsync(cancellationToken));
        try
        {
            await Task.WhenAll(loads);
        }
        catch (Exception)
        {
            // Report the first failing layer in layer order, not whichever failed first in time, so the error is stable.
            foreach (var load in loads)
            {
                if (!load.IsCompletedSuccessfully)
                {
                    await load;
                }
            }

            throw;
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var load in loads)
        {
            foreach (var (key, value) in load.Result.Values)
            {
                values[key] = value;
            }
        }

        return new ConfigSnapshot(values, ConfigHash.Combine(loads.Select(l => l.Result.Hash)), Name)
        {
            EnvFiles = [.. loads.SelectMany(l => l.Result.EnvFiles)],
        };
    }
}
