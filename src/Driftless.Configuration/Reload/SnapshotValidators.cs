using Driftless.Configuration.Sources;

namespace Driftless.Configuration.Reload;

/// <summary>The checks every candidate snapshot must pass; more can be added while reloads run.</summary>
internal sealed class SnapshotValidators
{
    private readonly List<Func<ConfigSnapshot, IReadOnlyList<string>>> _validators;
    private readonly Lock _gate = new();

    public SnapshotValidators(IEnumerable<Func<ConfigSnapshot, IReadOnlyList<string>>> validators) => _validators = [.. validators];

    public void Add(Func<ConfigSnapshot, IReadOnlyList<string>> validator)
    {
        lock (_gate)
        {
            _validators.Add(validator);
        }
    }

    /// <summary>Every failure of every validator; an empty list means the candidate is good. A throwing validator propagates.</summary>
    public List<string> Run(ConfigSnapshot candidate)
    {
        Func<ConfigSnapshot, IReadOnlyList<string>>[] validators;
        lock (_gate)
        {
            validators = [.. _validators];
        }

        var failures = new List<string>();
        foreach (var validator in validators)
        {
            failures.AddRange(validator(candidate));
        }

        return failures;
    }
}
