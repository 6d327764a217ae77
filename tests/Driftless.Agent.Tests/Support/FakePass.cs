using System.Collections.Concurrent;
using Driftless.Core.Checks;
using Driftless.Core.Convergence;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Hashing;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.State;

namespace Driftless.Agent.Tests.Support;

/// <summary>
/// An <see cref="IConvergencePass"/> with scripted outcomes: each service covered gets the result and verdict
/// <see cref="Outcome"/> names, its desired hash is the real content hash of its inputs, and non-no-op events
/// go to the state store like the real pass records them. A <see cref="Gate"/> holds a pass in flight.
/// </summary>
internal sealed class FakePass : IConvergencePass
{
    private readonly ContentHasher _hasher = new();
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set by the loop's pass factory.</summary>
    public IStateStore? Store { get; set; }

    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Per service: the event result and the verdict after it. Default: a no-op, in sync.</summary>
    public Func<string, (EventResult Result, Verdict Verdict)> Outcome { get; set; } = _ => (EventResult.Noop, Verdict.InSync);

    /// <summary>When set, thrown by every pass (a failure of the pass as a whole).</summary>
    public Exception? Throws { get; set; }

    /// <summary>When set, each pass waits for it (or for its cancellation token).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>The services each pass was asked for, in order (empty: all).</summary>
    public ConcurrentQueue<IReadOnlyCollection<string>> Calls { get; } = new();

    /// <summary>The cancellation token of the newest pass.</summary>
    public CancellationToken LastToken { get; private set; }

    /// <summary>Completes when the next pass has started.</summary>
    public Task Entered => _entered.Task;

    public Task<Plan> PlanAsync(DriftlessRegistry registry, IReadOnlyCollection<string> services, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the agent applies; it never only plans");

    public IAsyncEnumerable<ServiceCheck> CheckAsync(DriftlessRegistry registry, IReadOnlyCollection<string> services, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the agent applies; it never only checks");

    public async Task<ApplyReport> ApplyAsync(DriftlessRegistry registry, IReadOnlyCollection<string> services, ApplyOptions options, CancellationToken cancellationToken)
    {
        Calls.Enqueue(services.ToList());
        LastToken = cancellationToken;
        Interlocked.Exchange(ref _entered, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Throws is { } error)
        {
            throw error;
        }

        var outcomes = new List<ServiceOutcome>();
        foreach (var service in registry.Services.Where(s => services.Count == 0 || services.Contains(s.Name)))
        {
            var desired = await _hasher.HashAsync(service.Inputs, registry.BaseDirectory, cancellationToken);
            var (result, verdict) = Outcome(service.Name);
            var applyEvent = new ApplyEvent(
                Time.GetUtcNow(), service.Name, null, desired.Value, [], service.Apply.Name(), result, 1, "c-" + service.Name, "c-" + service.Name,
                result == EventResult.Failed ? $"{service.Name} failed" : null);
            if (result != EventResult.Noop && Store is { } store)
            {
                await store.RecordAsync(applyEvent, null, cancellationToken);
            }

            var item = new PlanItem(service, desired, null, null, null, Verdict.Pending, PlanAction.Apply, [], "fake");
            outcomes.Add(new ServiceOutcome(item, applyEvent, verdict));
        }

        return new ApplyReport(outcomes, []);
    }
}
