namespace Driftless.Core.Runtime;

/// <summary>A bind mount of a check container: a host path at the path the service sees it.</summary>
/// <param name="Source">Host path (the live container's bind source, or a managed spec's volume host path).</param>
/// <param name="Target">Path inside the check container.</param>
/// <param name="ReadOnly">Whether the check sees it read-only. Checks should get read-only mounts: a validator never writes the service's files.</param>
public sealed record CheckMount(string Source, string Target, bool ReadOnly = true);
