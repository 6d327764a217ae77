using Driftless.Agent.Control;
using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Hashing;
using Driftless.Core.Registry;
using Driftless.Core.State;

namespace Driftless.Agent.Loop;

/// <summary>
/// Runs one pass: takes the apply lock (as <c>driftless apply</c> does), runs the <see cref="Core.Convergence.IConvergencePass"/>
/// of the registry in force, takes each service's verdict from its outcome, and backs failed services off; the loop
/// answers the reconcile calls the pass covered (<see cref="Answer"/>). A pass error is reported, never thrown: the loop goes on. A pass
/// that fails as a whole observed nothing, so its services become unknown (all of them when the engine is
/// unreachable) with the content their files hold now: an old verdict is never shown as current.
/// </summary>
internal sealed class PassRunner(AgentLoopOptions options, TimeProvider time, ServiceBoard board, RetryBackoff backoff)
{
    private readonly ContentHasher _hasher = new();

    /// <returns>What the pass did, or — when <c>driftless apply</c> holds the apply lock — the lock error (nothing ran).</returns>
    public async Task<PassAttempt> RunAsync(RegistrySnapshot state, IReadOnlyList<string> services, CancellationToken abort)
    {
        var registry = state.Registry;
        ApplyLock held;
        try
        {
            held = ApplyLock.Acquire(registry.StateDirectory);
        }
        catch (LockHeldException e)
        {
            return new PassAttempt(null, e);
        }
        catch (DriftlessException e)
        {
            // The state directory cannot take an apply (read-only, full, unusable): nothing ran, the pass failed.
            var at = time.GetUtcNow();
            var unknown = await MarkUnknownAsync(registry, services, e, abort);
            board.End(at, PassErrors.Describe(e));
            return new PassAttempt(Finish(services, at, null, e, new Dictionary<string, TimeSpan>()) with { Unverified = unknown }, null);
        }

        var startedAt = time.GetUtcNow();
        ApplyReport? report = null;
        Exception? error = null;
        IReadOnlyList<string> unverified = [];
        var retries = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        using (held)
        {
            board.Begin(services);
            try
            {
                // An empty list means every service, and lets the pass remove managed containers nobody owns.
                report = await state.Binding.Pass.ApplyAsync(
                    registry,
                    services.Count == registry.Services.Count ? [] : services,
                    new ApplyOptions(Parallelism: options.Parallelism),
                    abort);
                foreach (var outcome in report.Outcomes)
                {
                    board.Observe(outcome);
                    var name = outcome.Item.Service.Name;
                    if (outcome.Event.Result.IsFailure())
                    {
                        retries[name] = backoff.Fail(name);
                    }
                    else
                    {
                        backoff.Reset(name);
                    }
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                error = e;
                unverified = await MarkUnknownAsync(registry, services, e, abort);
            }
            finally
            {
                board.End(time.GetUtcNow(), error is null ? null : PassErrors.Describe(error));
            }
        }

        // Only once the lock is released: whoever hears of the pass may run `driftless apply` at once.
        return new PassAttempt(Finish(services, startedAt, report, error, retries) with { Unverified = unverified }, null);
    }

    /// <returns>The services now unknown: every one when the engine is unreachable (nothing can be seen), else those of the pass.</returns>
    private async Task<IReadOnlyList<string>> MarkUnknownAsync(DriftlessRegistry registry, IReadOnlyList<string> services, Exception error, CancellationToken abort)
    {
        var affected = error is EngineUnreachableException ? registry.Services.Select(s => s.Name).ToList() : services;
        var desired = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in affected)
        {
            desired[name] = registry.Find(name) is { } service ? await TryHashAsync(service, registry, abort) : null;
        }

        board.Unknown(desired, PassErrors.Describe(error));
        return affected;
    }

    // The files are read without the engine, so status shows the content now on the host, not the last pass's.
    private async Task<string?> TryHashAsync(ServiceSpec service, DriftlessRegistry registry, CancellationToken abort)
    {
        try
        {
            return (await _hasher.HashAsync(service.Inputs, registry.BaseDirectory, HashKeyFile.For(registry.StateDirectory, service.Inputs), abort)).Value;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Missing, unreadable, mid-change: no hash is better than a stale one; the next pass names the problem.
            return null;
        }
    }

    private PassCompletion Finish(
        IReadOnlyList<string> services,
        DateTimeOffset startedAt,
        ApplyReport? report,
        Exception? error,
        IReadOnlyDictionary<string, TimeSpan> retries) =>
        new(services, startedAt, time.GetUtcNow(), report, error) { Retries = retries };

    /// <summary>
    /// Answers the reconcile calls <paramref name="pass"/> covered. The loop calls it once the listeners heard of the
    /// pass, so a caller holding the answer finds the pass in the metrics and everything else they record.
    /// </summary>
    public static void Answer(PassCompletion pass, IReadOnlyList<PassWaiter> waiters)
    {
        if (pass.Report is { } report)
        {
            Answer(waiters, report);
            return;
        }

        foreach (var waiter in waiters)
        {
            waiter.Completion.TrySetException(pass.Error!);
        }
    }

    private static void Answer(IReadOnlyList<PassWaiter> waiters, ApplyReport report)
    {
        var recorded = report.Outcomes.Select(o => o.Event).Where(e => e.Result != EventResult.Noop).Concat(report.Removals).ToList();
        foreach (var waiter in waiters)
        {
            var events = waiter.Service is null ? recorded : recorded.Where(e => e.Service == waiter.Service).ToList();
            var succeeded = waiter.Service is null ? report.Succeeded : events.All(e => !e.Result.IsFailure());
            waiter.Completion.TrySetResult(new ReconcileResult(succeeded, events));
        }
    }
}

/// <summary>One try at a pass: it ran (<paramref name="Completion"/>), or the apply lock was held (<paramref name="LockHeld"/>).</summary>
internal readonly record struct PassAttempt(PassCompletion? Completion, LockHeldException? LockHeld);
