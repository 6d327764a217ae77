using Driftless.Core.Runtime;

namespace Driftless.Core.Planning;

/// <summary>A container carrying Driftless's managed label that no registry service owns.</summary>
/// <param name="Service">The service named by its label.</param>
/// <param name="Container">The container.</param>
/// <param name="Dropped">True when the service is gone from the registry (its record is forgotten once removed); false for a duplicate of a live service.</param>
public sealed record Orphan(string Service, RuntimeContainer Container, bool Dropped)
{
    public string Reason => Dropped
        ? $"dropped from the registry: stop and remove container {Container.ShortId}"
        : $"duplicate managed container {Container.ShortId} (left by an interrupted apply): stop and remove it";
}
