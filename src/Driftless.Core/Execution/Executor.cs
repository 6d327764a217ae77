using System.Collections.Concurrent;
using Driftless.Core.Checks;
using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.State;
using Microsoft.Extensions.Logging;

namespace Driftless.Core.Execution;

/// <summary>
/// Runs a plan: apply by mode → verify → record. State advances only after verification; a failed
/// service records a failed event and keeps its old record, so the next plan still shows it pending.
/// Services run in <c>depends_on</c> order, independent ones up to <see cref="ApplyOptions.Parallelism"/> at once.
/// </summary>
internal sealed class Executor(
    IEnumerable<IApplyStrategy> strategies,
    Verifier verifier,
    IStateStore store,
    TimeProvider time,
    ILogger logger,
    IContainerRuntime runtime,
    IHostCommandRunner hostCommands)
{
    private readonly ServiceApplier _applier = new(strategies.ToDictionary(s => s.Mode), verifier, new PreApplyCheck(runtime, hostCommands), time);

    private readonly OrphanRemover _orphans = new(new ManagedReplace(runtime), store, time, logger);

    public async Task<ApplyReport> ExecuteAsync(
        DriftlessRegistry registry,
        Plan plan,
        ApplyOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);

        // Orphans go first: a duplicate left by an interrupted apply must not be what verification finds.
        var removals = plan.Orphans.Count == 0
            ? []
            : await _orphans.RemoveAsync(plan.Orphans, options, cancellationToken);

        var run = new Run(
            plan,
            new ConcurrentDictionary<string, AppliedRecord>(
                plan.Items.Where(i => i.Applied is not null).Select(i => KeyValuePair.Create(i.Service.Name, i.Applied!)),
                StringComparer.Ordinal),
            Math.Max(1, options.Parallelism));
        try
        {
            await Task.WhenAll(plan.Items.Select((item, index) => RunServiceAsync(registry, run, item, index, options, cancellationToken)));
        }
        finally
        {
            run.Dispose();
        }

        var recorded = run.Recorded.Concat(removals.Select(e => e.Service)).ToList();
        if (recorded.Count > 0)
        {
            // Only a service that gained events can have gone past its retention.
            var history = registry.History;
            try
            {
                await store.PruneAsync(recorded, history.Keep, history.MaxAge is { } age ? time.GetUtcNow() - age : null, cancellationToken);
            }
            catch (DriftlessException e) when (e.Kind is ErrorKind.StateNotWritable or ErrorKind.StateUnusable)
            {
                // Housekeeping: what this run did is recorded and must still be reported; the next run prunes.
                Log.PruneFailed(logger, e.Message);
            }
        }

        return new ApplyReport(
            run.Outcomes.OfType<ServiceOutcome>().ToList(),
            plan.Items.Select(i => i.Service.Name).Where(run.Skipped.Contains).ToList())
        {
            Plan = plan,
            Removals = removals,
        };
    }

    private async Task RunServiceAsync(DriftlessRegistry registry, Run run, PlanItem item, int index, ApplyOptions options, CancellationToken cancellationToken)
    {
        var name = item.Service.Name;
        try
        {
            var dependencies = item.Service.DependsOn.Where(run.Done.ContainsKey).ToList();
            var results = await Task.WhenAll(dependencies.Select(d => run.Done[d].Task));
            if (options.FailFast && Volatile.Read(ref run.Failures) > 0)
            {
                run.Skipped.Add(name);
                run.Done[name].SetResult(null);
                return;
            }

            var blockedBy = dependencies.Where((_, i) => results[i] is null || results[i]!.Value.IsFailure()).ToList();
            ServiceResult outcome;
            long? startedId = null;
            if (blockedBy.Count > 0 && item.Action == PlanAction.Apply)
            {
                // Fail closed along the dependency chain: a service is not applied on top of a dependency that is not converged.
                outcome = new ServiceResult(_applier.Failed(item, time.GetTimestamp(), $"not applied: dependency {string.Join(", ", blockedBy)} failed or was skipped"), null);
            }
            else
            {
                await run.Slots.WaitAsync(cancellationToken);
                try
                {
                    if (options.FailFast && Volatile.Read(ref run.Failures) > 0)
                    {
                        run.Skipped.Add(name);
                        run.Done[name].SetResult(null);
                        return;
                    }

                    if (item.Action == PlanAction.Apply)
                    {
                        // Phase Pending, durably: after a crash mid-apply, history shows the interrupted attempt.
                        // A state that cannot take this write cannot take the outcome either: stop before touching anything.
                        startedId = await MarkStartedAsync(run, item, cancellationToken);
                    }

                    outcome = await _applier.ApplyAsync(new ApplyContext(registry, item, run.Applied), cancellationToken);
                }
                finally
                {
                    run.Slots.Release();
                }
            }

            outcome = await RecordAsync(run, item, outcome, startedId, options, cancellationToken);
            run.Outcomes[index] = new ServiceOutcome(item, outcome.Event, outcome.VerdictAfter(item));
            run.Done[name].SetResult(outcome.Event.Result);
        }
        catch (Exception e)
        {
            run.Done[name].TrySetException(e);
            throw;
        }
    }

    private async Task<long> MarkStartedAsync(Run run, PlanItem item, CancellationToken cancellationToken)
    {
        await run.Recording.WaitAsync(cancellationToken);
        try
        {
            // Once the state refused a write, no other service starts either.
            if (run.StateFailure is { } earlier)
            {
                throw earlier;
            }

            return await store.RecordStartedAsync(_applier.Started(item), cancellationToken);
        }
        catch (DriftlessException e) when (e.Kind is ErrorKind.StateNotWritable or ErrorKind.StateUnusable && e != run.StateFailure)
        {
            run.StateFailure = new DriftlessException(e.Kind, $"{item.Service.Name} was not applied, nothing of it was touched: recording its start failed: {e.Message}", e);
            throw run.StateFailure;
        }
        finally
        {
            run.Recording.Release();
        }
    }

    private async Task<ServiceResult> RecordAsync(Run run, PlanItem item, ServiceResult result, long? startedId, ApplyOptions options, CancellationToken cancellationToken)
    {
        // One writer: the store's connection and the events file are not shared between threads.
        await run.Recording.WaitAsync(cancellationToken);
        try
        {
            try
            {
                if (startedId is { } id)
                {
                    await store.CompleteAsync(id, result.Event, result.Advance, cancellationToken);
                    run.Recorded.Add(item.Service.Name);
                }
                else if (!AlreadyRecorded(item, result.Event))
                {
                    await store.RecordAsync(result.Event, result.Advance, cancellationToken);
                    run.Recorded.Add(item.Service.Name);
                }
            }
            catch (DriftlessException e) when (e.Kind is ErrorKind.StateNotWritable or ErrorKind.StateUnusable)
            {
                // What happened to the container stands, but nothing says so on disk: the service is failed (exit 1), its
                // recorded state did not advance, and its started marker (if written) shows the attempt, so the next apply runs it again.
                result = Unrecorded(result, e);
            }

            if (result.Advance is not null)
            {
                run.Applied[item.Service.Name] = result.Advance;
            }

            if (options.Events is not null)
            {
                await options.Events.WriteAsync(result.Event, cancellationToken);
            }
        }
        finally
        {
            run.Recording.Release();
        }

        var applyEvent = result.Event;
        if (applyEvent.Result.IsFailure())
        {
            Interlocked.Increment(ref run.Failures);
        }

        Log.Outcome(logger, item.Service.Name, applyEvent.Result, applyEvent.ModeUsed ?? applyEvent.Mode, applyEvent.OldHash, applyEvent.NewHash, applyEvent.DurationMs);
        return result;
    }

    private static ServiceResult Unrecorded(ServiceResult result, DriftlessException failure)
    {
        var happened = result.Event.Error is { } error ? $"{result.Event.Result.ToString().ToLowerInvariant()}: {error}" : result.Event.Result.ToString().ToLowerInvariant();
        var applyEvent = result.Event with
        {
            Result = EventResult.Failed,
            Error = $"outcome not recorded ({happened}): {failure.Message}; the recorded state did not advance",
        };
        return result with { Event = applyEvent, Advance = null };
    }

    /// <summary>
    /// A no-op that confirms what the service's newest event already says (same content, same container) adds
    /// nothing to the history: a cron'd <c>apply</c> or an agent's ticks leave state.db as it is until something changes.
    /// </summary>
    private static bool AlreadyRecorded(PlanItem item, ApplyEvent applyEvent) =>
        applyEvent.Result == EventResult.Noop
        && item.LastEvent is { Result: EventResult.Noop or EventResult.Applied or EventResult.Escalated or EventResult.Adopted } last
        && last.NewHash == applyEvent.NewHash
        && (last.NewContainerId ?? last.ContainerId) == applyEvent.ContainerId;

    /// <summary>The shared state of one run; each service's task completes its <see cref="Done"/> entry (null result = skipped).</summary>
    private sealed class Run(Plan plan, ConcurrentDictionary<string, AppliedRecord> applied, int parallelism) : IDisposable
    {
        public int Failures;

        /// <summary>The first write the state refused before a service started: the run stops starting services.</summary>
        public DriftlessException? StateFailure;

        /// <summary>Services that gained an event in this run.</summary>
        public ConcurrentBag<string> Recorded { get; } = [];

        public ConcurrentDictionary<string, AppliedRecord> Applied { get; } = applied;

        public Dictionary<string, TaskCompletionSource<EventResult?>> Done { get; } = plan.Items.ToDictionary(
            i => i.Service.Name,
            _ => new TaskCompletionSource<EventResult?>(TaskCreationOptions.RunContinuationsAsynchronously),
            StringComparer.Ordinal);

        public ServiceOutcome?[] Outcomes { get; } = new ServiceOutcome?[plan.Items.Count];

        public ConcurrentBag<string> Skipped { get; } = [];

        public SemaphoreSlim Slots { get; } = new(parallelism, parallelism);

        public SemaphoreSlim Recording { get; } = new(1, 1);

        public void Dispose()
        {
            Slots.Dispose();
            Recording.Dispose();
        }
    }
}
