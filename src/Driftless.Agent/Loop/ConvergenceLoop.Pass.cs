using Driftless.Agent.Control;
using Driftless.Core.Convergence;
using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.State;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Loop;

public sealed partial class ConvergenceLoop
{
    /// <summary>Runs one pass for a batch of requests. False when the apply lock is held (the batch is put back).</summary>
    private async Task<bool> RunBatchAsync(PassBatch batch)
    {
        var registry = Registry;
        var now = _time.GetUtcNow();
        var selected = registry.Services
            .Where(s => batch.AllForced
                || batch.Forced.Contains(s.Name)
                || (batch.All && !_backoff.Waiting(s.Name, now) && !SettlingFileChanges(s.Name)))
            .Select(s => s.Name)
            .ToList();
        if (selected.Count == 0)
        {
            foreach (var waiter in batch.Waiters)
            {
                waiter.Completion.TrySetResult(new ReconcileResult(true, []));
            }

            return true;
        }

        ApplyLock applyLock;
        try
        {
            applyLock = ApplyLock.Acquire(registry.StateDirectory);
        }
        catch (LockHeldException held)
        {
            Log.LockHeld(_logger, held.Message, _tuning.LockRetry.TotalMilliseconds);
            Interlocked.Increment(ref _lockWaits);
            _requests.Restore(batch);
            return false;
        }

        ApplyReport? report = null;
        using (applyLock)
        {
            lock (_gate)
            {
                _inFlight = selected.ToHashSet(StringComparer.Ordinal);
            }

            try
            {
                report = await RunPassAsync(registry, selected.Count == registry.Services.Count ? [] : selected, _abortPass.Token);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Report(e);
                foreach (var waiter in batch.Waiters)
                {
                    waiter.Completion.TrySetException(e);
                }
            }
            finally
            {
                lock (_gate)
                {
                    _inFlight = new HashSet<string>(StringComparer.Ordinal);
                }
            }
        }

        // Only once the lock is released: whoever hears of the pass may run `driftless apply` at once.
        PassFinished(report);
        if (report is not null)
        {
            Complete(batch.Waiters, report);
        }

        return true;
    }

    /// <summary>The one pipeline: the same <see cref="ConvergencePass"/> as <c>driftless apply</c>.</summary>
    private async Task<ApplyReport> RunPassAsync(DriftlessRegistry registry, IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        var pass = _pass ?? throw new InvalidOperationException("the agent has not started");
        var report = await pass.ApplyAsync(
            registry,
            services,
            new ApplyOptions(Parallelism: Math.Max(1, _options.Parallelism)) { RecordNoops = false },
            cancellationToken);
        AfterPass(report);
        return report;
    }

    private void AfterPass(ApplyReport report)
    {
        foreach (var (item, applyEvent, verdict) in report.Outcomes)
        {
            var name = item.Service.Name;
            _metrics.Record(applyEvent);
            _observed[name] = new ServiceObservation(verdict, applyEvent.NewContainerId ?? item.Container?.Id, item.Desired.Value);
            _metrics.SetDrift(name, verdict != Verdict.InSync);
            if (applyEvent.Result == EventResult.Failed)
            {
                var delay = _backoff.Fail(name);
                Log.RetryScheduled(_logger, name, delay.TotalMilliseconds);
            }
            else
            {
                _backoff.Reset(name);
            }
        }

        foreach (var removal in report.Removals)
        {
            _metrics.Record(removal);
        }
    }

    private static void Complete(IReadOnlyList<PassWaiter> waiters, ApplyReport report)
    {
        var recorded = report.Outcomes.Select(o => o.Event).Where(e => e.Result != EventResult.Noop).Concat(report.Removals).ToList();
        foreach (var waiter in waiters)
        {
            var events = waiter.Service is null ? recorded : recorded.Where(e => e.Service == waiter.Service).ToList();
            var succeeded = waiter.Service is null ? report.Succeeded : events.All(e => e.Result != EventResult.Failed);
            waiter.Completion.TrySetResult(new ReconcileResult(succeeded, events));
        }
    }

    /// <summary>A pass error never stops the loop: the user's message at Error, the stack only at Debug.</summary>
    private void Report(Exception e)
    {
        switch (e)
        {
            case EngineUnreachableException unreachable:
                Log.EngineUnreachable(_logger, unreachable.Message);
                break;
            case DriftlessException known:
                Log.PassFailed(_logger, known.Message);
                Log.PassFailedDetail(_logger, known);
                break;
            case OperationCanceledException when _abortPass.IsCancellationRequested:
                Log.PassFailed(_logger, "the pass was cancelled: the shutdown timeout expired");
                break;
            default:
                Log.PassCrashed(_logger, e);
                break;
        }
    }
}
