using System.Collections.Concurrent;
using Driftless.Agent.Control;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Planning;
using Driftless.Core.Registry;

namespace Driftless.Agent.Loop;

/// <summary>
/// What the loop knows of each service between passes — the verdict the planner gave after its last outcome,
/// its container, the content it acted on, whether a pass has it in flight — and the status built from that
/// plus the state store. Verdicts are never derived here from event results.
/// </summary>
internal sealed class ServiceBoard
{
    private readonly ConcurrentDictionary<string, Observation> _observed = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastPassAt;

    /// <summary>When the agent started (set once, at start).</summary>
    public DateTimeOffset StartedAt { get; set; }

    public void Begin(IEnumerable<string> services)
    {
        lock (_gate)
        {
            _inFlight = services.ToHashSet(StringComparer.Ordinal);
        }
    }

    public void Observe(ServiceOutcome outcome)
    {
        var (item, applyEvent, verdict) = outcome;
        _observed[item.Service.Name] = new Observation(verdict, applyEvent.NewContainerId ?? item.Container?.Id, item.Desired.Value);
    }

    public void End(DateTimeOffset finishedAt)
    {
        lock (_gate)
        {
            _inFlight = new HashSet<string>(StringComparer.Ordinal);
            _lastPassAt = finishedAt;
        }
    }

    /// <summary>The content hash the last pass saw for the service (what it acted on); null before any.</summary>
    public string? ActedOn(string service) => _observed.TryGetValue(service, out var seen) ? seen.DesiredHash : null;

    public void Forget(string service) => _observed.TryRemove(service, out _);

    public async Task<AgentStatus> StatusAsync(RegistrySnapshot state, string watch, RetryBackoff backoff, CancellationToken cancellationToken)
    {
        var store = state.Binding.Store;
        var applied = await store.LoadAppliedAsync(cancellationToken);
        var latest = await store.LatestEventsAsync(state.Registry.Services.Select(s => s.Name).ToList(), cancellationToken);
        HashSet<string> inFlight;
        DateTimeOffset? lastPassAt;
        lock (_gate)
        {
            inFlight = _inFlight;
            lastPassAt = _lastPassAt;
        }

        var registry = state.Registry;
        var services = registry.Services.Select(service =>
        {
            var name = service.Name;
            var record = applied.GetValueOrDefault(name);
            var last = latest.GetValueOrDefault(name);
            var seen = _observed.GetValueOrDefault(name);
            return new ServiceStatus(
                name,
                service.Apply.Name(),
                service.Managed is not null,
                inFlight.Contains(name) ? ServicePhase.Pending : ServicePhases.Of(last),
                seen?.Verdict ?? Verdict.Pending,
                seen?.ContainerId ?? record?.ContainerId,
                record?.Hash,
                seen?.DesiredHash,
                last?.Result == EventResult.Failed ? last.Error : null,
                record?.AppliedAt,
                backoff.RetryAt(name));
        }).ToList();
        return new AgentStatus(registry.FilePath, registry.Project, StartedAt, lastPassAt, watch, services)
        {
            RegistryRevision = state.Revision,
            RegistryError = state.Error,
            RegistryErrorAt = state.ErrorAt,
        };
    }

    /// <summary>What the last pass saw of a service.</summary>
    private sealed record Observation(Verdict Verdict, string? ContainerId, string DesiredHash);
}
