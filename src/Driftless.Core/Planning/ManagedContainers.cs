using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.State;

namespace Driftless.Core.Planning;

/// <summary>
/// Sorts the containers carrying Driftless's managed label into the one each managed service owns and
/// the orphans: containers of services dropped from the registry, and duplicates an interrupted apply left.
/// </summary>
internal sealed record ManagedContainers(IReadOnlyDictionary<string, RuntimeContainer> Owned, IReadOnlyList<Orphan> Orphans)
{
    /// <summary>
    /// Per service the owner is, in order: the container whose id is recorded; a running one created from the
    /// desired spec (an apply interrupted before it recorded); the newest. Every other one is an orphan.
    /// </summary>
    public static ManagedContainers Assign(
        DriftlessRegistry registry,
        IReadOnlyList<RuntimeContainer> labelled,
        IReadOnlyDictionary<string, AppliedRecord> applied,
        IReadOnlyDictionary<string, string> desiredSpecs)
    {
        var owned = new Dictionary<string, RuntimeContainer>(StringComparer.Ordinal);
        var orphans = new List<Orphan>();
        var prefix = registry.Project + "/";
        foreach (var group in labelled
            .Where(c => c.Labels.GetValueOrDefault(ManagedSpecs.ManagedLabel)?.StartsWith(prefix, StringComparison.Ordinal) == true)
            .GroupBy(c => c.Labels[ManagedSpecs.ManagedLabel][prefix.Length..], StringComparer.Ordinal))
        {
            if (!desiredSpecs.TryGetValue(group.Key, out var desiredSpec))
            {
                orphans.AddRange(group.Select(c => new Orphan(group.Key, c, Dropped: registry.Find(group.Key) is null)));
                continue;
            }

            var recordedId = applied.GetValueOrDefault(group.Key)?.ContainerId;
            var newestFirst = group.OrderByDescending(c => c.Created).ToList();
            var owner = newestFirst.FirstOrDefault(c => c.Id == recordedId)
                ?? newestFirst.FirstOrDefault(c => c.Running && c.Labels.GetValueOrDefault(ManagedSpecs.SpecLabel) == desiredSpec)
                ?? newestFirst[0];
            owned[group.Key] = owner;
            orphans.AddRange(newestFirst.Where(c => c.Id != owner.Id).Select(c => new Orphan(group.Key, c, Dropped: false)));
        }

        return new ManagedContainers(owned, orphans);
    }
}
