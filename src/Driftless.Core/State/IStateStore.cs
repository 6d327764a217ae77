using Driftless.Core.Events;

namespace Driftless.Core.State;

/// <summary>Last verified state per service plus an append-only event history.</summary>
public interface IStateStore : IAsyncDisposable
{
    Task<IReadOnlyDictionary<string, AppliedRecord>> LoadAppliedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Appends the event and, when <paramref name="advance"/> is given, replaces the service's applied
    /// record — in one transaction, so history and state never disagree after a crash.
    /// </summary>
    Task RecordAsync(ApplyEvent applyEvent, AppliedRecord? advance, CancellationToken cancellationToken);

    /// <summary>
    /// Appends a <c>started</c> event — the durable in-flight marker (phase Pending) — and returns its id.
    /// The outcome replaces it (<see cref="CompleteAsync"/>); a marker left without an outcome is an attempt a crash interrupted.
    /// </summary>
    Task<long> RecordStartedAsync(ApplyEvent started, CancellationToken cancellationToken);

    /// <summary>Replaces the <c>started</c> marker with the outcome, advancing state like <see cref="RecordAsync"/>, in one transaction.</summary>
    Task CompleteAsync(long startedId, ApplyEvent outcome, AppliedRecord? advance, CancellationToken cancellationToken);

    /// <summary>Appends the event and deletes the service's applied record, in one transaction (a service dropped from the registry).</summary>
    Task ForgetAsync(ApplyEvent applyEvent, CancellationToken cancellationToken);

    /// <summary>The newest event of each of <paramref name="services"/> that has one (an index lookup each, whatever the history's size).</summary>
    Task<IReadOnlyDictionary<string, ApplyEvent>> LatestEventsAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<ApplyEvent>> HistoryAsync(string? service, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes, for each of <paramref name="services"/>, its events beyond the newest <paramref name="keep"/> and
    /// those older than <paramref name="olderThan"/>; a service's newest event is always kept. Returns how many
    /// were deleted. Costs the events deleted plus an index lookup per service, whatever the history's size.
    /// </summary>
    Task<long> PruneAsync(IReadOnlyCollection<string> services, int keep, DateTimeOffset? olderThan, CancellationToken cancellationToken);
}
