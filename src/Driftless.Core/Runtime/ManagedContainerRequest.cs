using Driftless.Core.Registry;

namespace Driftless.Core.Runtime;

/// <summary>Create and start one managed container.</summary>
/// <param name="Name">Container name (<c>&lt;project&gt;-&lt;service&gt;-&lt;12 hex of the spec hash&gt;</c>; unique per spec).</param>
/// <param name="Spec">What to run; <see cref="ManagedSpec.StopSignal"/> and <see cref="ManagedSpec.StopGrace"/> are baked into the container.</param>
/// <param name="Labels">At least <see cref="ManagedSpecs.ManagedLabel"/> and <see cref="ManagedSpecs.SpecLabel"/>.</param>
public sealed record ManagedContainerRequest(
    string Name,
    ManagedSpec Spec,
    IReadOnlyDictionary<string, string> Labels);
