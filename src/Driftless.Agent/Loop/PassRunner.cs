using Driftless.Agent.Control;
using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.State;

namespace Driftless.Agent.Loop;

/// <summary>
/// Runs one pass: takes the apply lock (as <c>driftless apply</c> does), runs the <see cref="Core.Convergence.IConvergencePass"/>
/// of the registry in force, takes each service's verdict from its outcome, backs failed services off, and
/// answers the reconcile calls the pass covered. A pass error is reported, never thrown: the loop goes on.
/// </summary>
internal sealed class PassRunner(AgentLoopOptions options, TimeProvider time, ServiceBoard board, RetryBackoff backoff)
{
    /// <returns>What the pass did, or — when <c>driftless apply</c> holds the apply lock — the lock error (nothing ran).</returns>
    public async Task<PassAttempt> RunAsync(RegistrySnapshot state, IReadOnlyList<string> services, IReadOnlyList<PassWaiter> waiters, CancellationToken abort)
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var unusable = new DriftlessException(ErrorKind.StateUnusable, $"cannot take the apply lock in {registry.StateDirectory}: {e.Message}", e);
            return new PassAttempt(Finish(services, time.GetUtcNow(), null, unusable, waiters, new Dictionary<string, TimeSpan>()), null);
        }

        var startedAt = time.GetUtcNow();
        ApplyReport? report = null;
        Exception? error = null;
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
                    if (outcome.Event.Result == EventResult.Failed)
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
            }
            finally
            {
                board.End(time.GetUtcNow());
            }
        }

        // Only once the lock is released: whoever hears of the pass may run `driftless apply` at once.
        return new PassAttempt(Finish(services, startedAt, report, error, waiters, retries), null);
    }

    private PassCompletion Finish(
        IReadOnlyList<string> services,
        DateTimeOffset startedAt,
        ApplyReport? report,
        Exception? error,
        IReadOnlyList<PassWaiter> waiters,
        IReadOnlyDictionary<string, TimeSpan> retries)
    {
        if (report is null)
        {
            foreach (var waiter in waiters)
            {
                waiter.Completion.TrySetException(error!);
            }
        }
        else
        {
            Answer(waiters, report);
        }

        return new PassCompletion(services, startedAt, time.GetUtcNow(), report, error) { Retries = retries };
    }

    private static void Answer(IReadOnlyList<PassWaiter> waiters, ApplyReport report)
    {
        var recorded = report.Outcomes.Select(o => o.Event).Where(e => e.Result != EventResult.Noop).Concat(report.Removals).ToList();
        foreach (var waiter in waiters)
        {
            var events = waiter.Service is null ? recorded : recorded.Where(e => e.Service == waiter.Service).ToList();
            var succeeded = waiter.Service is null ? report.Succeeded : events.All(e => e.Result != EventResult.Failed);
            waiter.Completion.TrySetResult(new ReconcileResult(succeeded, events));
        }
    }
}

/// <summary>One try at a pass: it ran (<paramref name="Completion"/>), or the apply lock was held (<paramref name="LockHeld"/>).</summary>
internal readonly record struct PassAttempt(PassCompletion? Completion, LockHeldException? LockHeld);
