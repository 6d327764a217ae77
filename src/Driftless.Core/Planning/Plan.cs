namespace Driftless.Core.Planning;

/// <summary>One action per service, in registry order.</summary>
public sealed record Plan(IReadOnlyList<PlanItem> Items)
{
    public bool HasPendingChanges => Items.Any(i => i.IsPending);
}
