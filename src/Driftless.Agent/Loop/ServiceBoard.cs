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
/// plus the state store. Verdicts are never derived here from event results. A pass that failed as a whole
/// observed nothing: its services are <see cref="Verdict.Unknown"/> with the content now on the host, never the
/// verdict of an older pass.
/// </summary>
internal sealed class ServiceBoard
{
    private readonly ConcurrentDictionary<string, Observation> _observed = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastPassAt;
    private string? _lastPassError;
    private DateTimeOffset? _lastPassErrorAt;

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
        _observed[item.Service.Name] = new Observation(verdict, applyEvent.NewContainerId ?? item.Container?.Id, item.Desired.Value, null);
    }

    /// <summary>
    /// A pass failed as a whole: each service given is <see cref="Verdict.Unknown"/>, with the content hash its
    /// files have now (null when they cannot be hashed) and <paramref name="error"/> as its error.
    /// </summary>
    public void Unknown(IReadOnlyDictionary<string, string?> desiredHashes, string error)
    {
        foreach (var (service, desired) in desiredHashes)
        {
            var known = _observed.GetValueOrDefault(service)?.ContainerId;
            _observed[service] = new Observation(Verdict.Unknown, known, desired, error);
        }
    }

    /// <summary>A pass ended: nothing is in flight; <see cref="AgentStatus.LastPassAt"/> moves only when it ran.</summary>
    /// <param name="error">Why it failed as a whole, as a person reads it; null when it ran.</param>
    public void End(DateTimeOffset finishedAt, string? error)
    {
        lock (_gate)
        {
            _inFlight = new HashSet<string>(StringComparer.Ordinal);
            if (error is null)
            {
                _lastPassAt = finishedAt;
            }

            _lastPassError = error;
            _lastPassErrorAt = error is null ? null : finishedAt;
        }
    }

    /// <summary>
    /// The content hash the last pass saw for the service (what it acted on); null before any, and after a pass
    /// that failed as a whole (it acted on nothing, so the same content saved again is worth a pass).
    /// </summary>
    public string? ActedOn(string service) =>
        _observed.TryGetValue(service, out var seen) && seen.Verdict != Verdict.Unknown ? seen.DesiredHash : null;

    public void Forget(string service) => _observed.TryRemove(service, out _);

    public async Task<AgentStatus> StatusAsync(RegistrySnapshot state, string watch, RetryBackoff backoff, CancellationToken cancellationToken)
    {
        var store = state.Binding.Store;
        var applied = await store.LoadAppliedAsync(cancellationToken);
        var latest = await store.LatestEventsAsync(state.Registry.Services.Select(s => s.Name).ToList(), cancellationToken);
        HashSet<string> inFlight;
        DateTimeOffset? lastPassAt;
        string? lastPassError;
        DateTimeOffset? lastPassErrorAt;
        lock (_gate)
        {
            inFlight = _inFlight;
            lastPassAt = _lastPassAt;
            lastPassError = _lastPassError;
            lastPassErrorAt = _lastPassErrorAt;
        }

        var registry = state.Registry;
        var services = registry.Services.Select(service =>
        {
            var name = service.Name;
            var record = applied.GetValueOrDefault(name);
            var last = latest.GetValueOrDefault(name);
            var seen = _observed.GetValueOrDefault(name);
            var failure = seen?.Error is null && last is not null && last.Result.IsFailure() ? last : null;
            return new ServiceStatus(
                name,
                service.Apply.Name(),
                service.Managed is not null,
                inFlight.Contains(name) ? ServicePhase.Pending : seen?.Error is not null ? ServicePhase.Failed : ServicePhases.Of(last),
                seen?.Verdict ?? Verdict.Pending,
                seen?.ContainerId ?? record?.ContainerId,
                record?.Hash,
                seen?.DesiredHash,
                seen?.Error ?? failure?.Error,
                record?.AppliedAt,
                backoff.RetryAt(name))
            {
                Reason = failure?.Reason,
                CheckOutput = failure?.Result == EventResult.Rejected ? failure.Output : null,
            };
        }).ToList();
        return new AgentStatus(registry.FilePath, registry.Project, StartedAt, lastPassAt, watch, services)
        {
            RegistryRevision = state.Revision,
            RegistryError = state.Error,
            RegistryErrorAt = state.ErrorAt,
            LastPassError = lastPassError,
            LastPassErrorAt = lastPassErrorAt,
        };
    }

    /// <summary>What the last pass saw of a service; <paramref name="Error"/> when that pass failed as a whole.</summary>
    private sealed record Observation(Verdict Verdict, string? ContainerId, string? DesiredHash, string? Error);
}
