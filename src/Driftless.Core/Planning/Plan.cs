namespace Driftless.Core.Planning;

/// <summary>One action per service, in registry order.</summary>
public sealed record Plan(IReadOnlyList<PlanItem> Items)
{
    /// <summary>Managed containers to stop and remove: services dropped from the registry, and duplicates left by an interrupted apply.</summary>
    public IReadOnlyList<Orphan> Orphans { get; init; } = [];

    public bool HasPendingChanges => Items.Any(i => i.IsPending) || Orphans.Count > 0;
}
