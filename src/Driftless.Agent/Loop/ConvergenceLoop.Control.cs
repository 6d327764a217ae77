using Driftless.Agent.Control;
using Driftless.Core.Errors;
using Driftless.Core.Events;

namespace Driftless.Agent.Loop;

internal sealed partial class ConvergenceLoop : IAgentControl
{
    public Task<AgentStatus> StatusAsync(CancellationToken cancellationToken) =>
        _board.StatusAsync(_registry.Current, _triggers.Method, _scheduler.Backoff, cancellationToken);

    public Task<IReadOnlyList<ApplyEvent>> HistoryAsync(string? service, int limit, CancellationToken cancellationToken) =>
        _registry.Current.Binding.Store.HistoryAsync(service, limit, cancellationToken);

    public async Task<ReconcileResult> ReconcileAsync(string? service, CancellationToken cancellationToken)
    {
        var registry = _registry.Registry;
        if (service is not null && registry.Find(service) is null)
        {
            throw new DriftlessException(
                ErrorKind.UnknownService,
                $"unknown service '{service}' in {registry.FilePath} (services: {string.Join(", ", registry.Services.Select(s => s.Name))})");
        }

        var completion = new TaskCompletionSource<ReconcileResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _scheduler.Reconcile(new PassWaiter(service, completion));
        if (_lifetime.IsCancellationRequested)
        {
            // Stopping: the loop may already have answered its last waiters.
            completion.TrySetCanceled(_lifetime.Token);
        }

        return await completion.Task.WaitAsync(cancellationToken);
    }

    public AgentHealth Health() => LoopHealth.Judge(_scheduler.PendingSince, _time.GetUtcNow(), _registry.Registry.Agent.Tick);
}
