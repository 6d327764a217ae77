using Driftless.Core.Errors;
using Driftless.Core.Hashing;
using Driftless.Core.Observation;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.State;

namespace Driftless.Core.Planning;

/// <summary>
/// Reads Desired (input hashes), Observed (container, what its process sees) and Applied (state store)
/// for each service and hands them to the <see cref="Planner"/>. Services are read concurrently.
/// </summary>
internal sealed class PlanGatherer(IContainerRuntime runtime, ContentHasher hasher, ProcessObserver observer)
{
    public async Task<Plan> GatherAsync(
        DriftlessRegistry registry,
        IStateStore store,
        IReadOnlyCollection<string> onlyServices,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(onlyServices);

        var services = Select(registry, onlyServices);
        var applied = await store.LoadAppliedAsync(cancellationToken);
        var latest = await store.LatestEventsAsync(services.Select(s => s.Name).ToList(), cancellationToken);
        var desiredSpecs = registry.Services
            .Where(s => s.Managed is not null)
            .ToDictionary(s => s.Name, s => ManagedSpecs.Hash(s.Managed!), StringComparer.Ordinal);

        // Only a registry with managed services, or a state that recorded one (a service since dropped), can have
        // managed containers to own or remove: a compose-only registry pays no engine call for them.
        var labelled = desiredSpecs.Count > 0 || applied.Values.Any(r => r.SpecHash is not null)
            ? await runtime.ListManagedAsync(registry.Project, cancellationToken)
            : [];
        var managed = ManagedContainers.Assign(registry, labelled, applied, desiredSpecs);
        var key = HashKeyFile.For(registry.StateDirectory, services.SelectMany(s => s.Inputs));
        var items = await Task.WhenAll(services.Select(async service =>
        {
            var hashing = hasher.HashAsync(service.Inputs, registry.BaseDirectory, key, cancellationToken);
            var container = service.Managed is null
                ? await runtime.FindAsync(service.TargetIn(registry), cancellationToken)
                : managed.Owned.GetValueOrDefault(service.Name);
            var desired = await hashing;
            var view = container is { Running: true }
                ? await observer.ObserveAsync(container, service.Inputs, desired, registry.BaseDirectory, cancellationToken)
                : null;
            return Planner.PlanService(
                service,
                desired,
                applied.GetValueOrDefault(service.Name),
                container,
                view,
                desiredSpecs.GetValueOrDefault(service.Name),
                latest.GetValueOrDefault(service.Name));
        }));
        var orphans = managed.Orphans.Where(o => onlyServices.Count == 0 || (!o.Dropped && onlyServices.Contains(o.Service))).ToList();
        return new Plan(items) { Orphans = orphans };
    }

    /// <summary>The services named in <paramref name="only"/> (all when empty), in registry order.</summary>
    /// <exception cref="DriftlessException">Kind <see cref="ErrorKind.UnknownService"/> for a name not in the registry.</exception>
    internal static List<ServiceSpec> Select(DriftlessRegistry registry, IReadOnlyCollection<string> only)
    {
        if (only.Count == 0)
        {
            return registry.Services.ToList();
        }

        var unknown = only.Where(name => registry.Find(name) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new DriftlessException(
                ErrorKind.UnknownService,
                $"unknown service {string.Join(", ", unknown.Select(u => $"'{u}'"))} in {registry.FilePath} (services: {string.Join(", ", registry.Services.Select(s => s.Name))})");
        }

        return registry.Services.Where(s => only.Contains(s.Name)).ToList();
    }
}
