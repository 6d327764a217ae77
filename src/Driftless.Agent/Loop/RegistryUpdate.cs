using Driftless.Core.Registry;

namespace Driftless.Agent.Loop;

/// <summary>A registry put in force.</summary>
/// <param name="Registry">The registry now converged.</param>
/// <param name="Revision">1 for the registry handed over at start, +1 per accepted edit.</param>
/// <param name="Previous">The registry it replaced; null at start.</param>
public sealed record RegistryUpdate(DriftlessRegistry Registry, long Revision, DriftlessRegistry? Previous)
{
    /// <summary>Services of <see cref="Previous"/> that the edit removed.</summary>
    public IReadOnlyList<string> DroppedServices =>
        Previous is null
            ? []
            : Previous.Services.Select(s => s.Name).Except(Registry.Services.Select(s => s.Name), StringComparer.Ordinal).ToList();
}
