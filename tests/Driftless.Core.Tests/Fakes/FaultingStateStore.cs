using Driftless.Core.Events;
using Driftless.Core.State;

namespace Driftless.Core.Tests.Fakes;

/// <summary>
/// The real store, with writes that fail on demand (a full disk, a read-only remount, a damaged page): each fault,
/// while set, is thrown by its call instead of writing. Reads always go through.
/// </summary>
internal sealed class FaultingStateStore(IStateStore inner) : IStateStore
{
    public Exception? FailStarted { get; set; }

    public Exception? FailOutcome { get; set; }

    public Exception? FailPrune { get; set; }

    public Task<IReadOnlyDictionary<string, AppliedRecord>> LoadAppliedAsync(CancellationToken cancellationToken) => inner.LoadAppliedAsync(cancellationToken);

    public Task RecordAsync(ApplyEvent applyEvent, AppliedRecord? advance, CancellationToken cancellationToken) =>
        FailOutcome is { } fault ? Task.FromException(fault) : inner.RecordAsync(applyEvent, advance, cancellationToken);

    public Task<long> RecordStartedAsync(ApplyEvent started, CancellationToken cancellationToken) =>
        FailStarted is { } fault ? Task.FromException<long>(fault) : inner.RecordStartedAsync(started, cancellationToken);

    public Task CompleteAsync(long startedId, ApplyEvent outcome, AppliedRecord? advance, CancellationToken cancellationToken) =>
        FailOutcome is { } fault ? Task.FromException(fault) : inner.CompleteAsync(startedId, outcome, advance, cancellationToken);

    public Task ForgetAsync(ApplyEvent applyEvent, CancellationToken cancellationToken) =>
        FailOutcome is { } fault ? Task.FromException(fault) : inner.ForgetAsync(applyEvent, cancellationToken);

    public Task<IReadOnlyDictionary<string, ApplyEvent>> LatestEventsAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken) =>
        inner.LatestEventsAsync(services, cancellationToken);

    public Task<IReadOnlyList<ApplyEvent>> HistoryAsync(string? service, int limit, CancellationToken cancellationToken) =>
        inner.HistoryAsync(service, limit, cancellationToken);

    public Task<long> PruneAsync(IReadOnlyCollection<string> services, int keep, DateTimeOffset? olderThan, CancellationToken cancellationToken) =>
        FailPrune is { } fault ? Task.FromException<long>(fault) : inner.PruneAsync(services, keep, olderThan, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
