using Driftless.Core.Events;
using Driftless.Core.State;

namespace Driftless.Agent.Loop;

/// <summary>
/// The agent keeps one SQLite connection open for its lifetime, and the HTTP API reads status and history
/// while a pass records events: this wrapper lets exactly one call use the connection at a time.
/// </summary>
internal sealed class SerializedStateStore(IStateStore inner) : IStateStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task<IReadOnlyDictionary<string, AppliedRecord>> LoadAppliedAsync(CancellationToken cancellationToken) =>
        RunAsync(ct => inner.LoadAppliedAsync(ct), cancellationToken);

    public Task RecordAsync(ApplyEvent applyEvent, AppliedRecord? advance, CancellationToken cancellationToken) =>
        RunAsync(async ct => { await inner.RecordAsync(applyEvent, advance, ct); return true; }, cancellationToken);

    public Task<long> RecordStartedAsync(ApplyEvent started, CancellationToken cancellationToken) =>
        RunAsync(ct => inner.RecordStartedAsync(started, ct), cancellationToken);

    public Task CompleteAsync(long startedId, ApplyEvent outcome, AppliedRecord? advance, CancellationToken cancellationToken) =>
        RunAsync(async ct => { await inner.CompleteAsync(startedId, outcome, advance, ct); return true; }, cancellationToken);

    public Task ForgetAsync(ApplyEvent applyEvent, CancellationToken cancellationToken) =>
        RunAsync(async ct => { await inner.ForgetAsync(applyEvent, ct); return true; }, cancellationToken);

    public Task<IReadOnlyDictionary<string, ApplyEvent>> LatestEventsAsync(CancellationToken cancellationToken) =>
        RunAsync(ct => inner.LatestEventsAsync(ct), cancellationToken);

    public Task<IReadOnlyList<ApplyEvent>> HistoryAsync(string? service, int limit, CancellationToken cancellationToken) =>
        RunAsync(ct => inner.HistoryAsync(service, limit, ct), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await inner.DisposeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await call(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
