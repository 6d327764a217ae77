using Driftless.Configuration.Modules;
using Microsoft.Extensions.Configuration;

namespace Driftless.Configuration.Tests.Modules;

/// <summary>Records what it was given and answers as told.</summary>
internal sealed class TestModule(string name, string section, Func<IConfigurationSection, ReconfigureResult>? behaviour = null) : IReconfigurable
{
    private readonly Lock _gate = new();
    private readonly List<Dictionary<string, string?>> _calls = [];

    public string Name => name;

    public string Section => section;

    public int Generation { get; init; }

    public IReadOnlyList<Dictionary<string, string?>> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public ValueTask<ReconfigureResult> ReconfigureAsync(IConfigurationSection section, CancellationToken cancellationToken)
    {
        var seen = section.AsEnumerable(makePathsRelative: true)
            .Where(p => p.Key.Length > 0)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        lock (_gate)
        {
            _calls.Add(seen);
        }

        return ValueTask.FromResult(behaviour?.Invoke(section) ?? ReconfigureResult.Applied);
    }
}
