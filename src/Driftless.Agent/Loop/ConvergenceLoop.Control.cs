using Driftless.Agent.Control;
using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.State;

namespace Driftless.Agent.Loop;

public sealed partial class ConvergenceLoop : IAgentControl
{
    public async Task<AgentStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var registry = Registry;
        var store = Store;
        var applied = await store.LoadAppliedAsync(cancellationToken);
        var latest = await store.LatestEventsAsync(cancellationToken);
        HashSet<string> inFlight;
        DateTimeOffset? lastPassAt;
        lock (_gate)
        {
            inFlight = _inFlight;
            lastPassAt = _lastPassAt;
        }

        var services = registry.Services.Select(service =>
        {
            var name = service.Name;
            var record = applied.GetValueOrDefault(name);
            var last = latest.GetValueOrDefault(name);
            var observed = _observed.GetValueOrDefault(name);
            var phase = inFlight.Contains(name) ? ServicePhase.Pending : ServicePhases.Of(last);
            return new ServiceStatus(
                name,
                service.Apply.Name(),
                service.Managed is not null,
                phase,
                observed?.Verdict ?? Verdict.Pending,
                observed?.ContainerId ?? record?.ContainerId,
                record?.Hash,
                observed?.DesiredHash,
                last?.Result == EventResult.Failed ? last.Error : null,
                record?.AppliedAt,
                _backoff.RetryAt(name));
        }).ToList();
        return new AgentStatus(registry.FilePath, registry.Project, _startedAt, lastPassAt, WatchName(), services);
    }

    public Task<IReadOnlyList<ApplyEvent>> HistoryAsync(string? service, int limit, CancellationToken cancellationToken) =>
        Store.HistoryAsync(service, limit, cancellationToken);

    public async Task<ReconcileResult> ReconcileAsync(string? service, CancellationToken cancellationToken)
    {
        var registry = Registry;
        if (service is not null && registry.Find(service) is null)
        {
            throw new DriftlessException(
                ErrorKind.UnknownService,
                $"unknown service '{service}' in {registry.FilePath} (services: {string.Join(", ", registry.Services.Select(s => s.Name))})");
        }

        var completion = new TaskCompletionSource<ReconcileResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.AddWaiter(new PassWaiter(service, completion));
        Wake();
        return await completion.Task.WaitAsync(cancellationToken);
    }

    public AgentHealth Health() => AgentHealth.Ok;

    private IStateStore Store => _store ?? throw new InvalidOperationException("the agent has not started");
}
