using Driftless.Agent.Control;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Loop;

/// <summary>
/// <c>driftless agent</c>'s heart: one pass of the SAME pipeline as <c>driftless apply</c> per trigger (file
/// change, registry edit, tick, reconcile call, backoff retry), one pass at a time, requests arriving meanwhile
/// coalesced into the next. The tick is liveness only by construction: the planner already no-ops a running,
/// in-sync container, and nothing here compares specs read back from the runtime. On shutdown the in-flight
/// pass runs to its end (it is not cancelled by the stopping token), so state is never half-recorded.
/// </summary>
internal sealed partial class ConvergenceLoop : BackgroundService
{
    private readonly AgentLoopOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LoopListeners _listeners;
    private readonly RegistryInForce _registry;
    private readonly PassScheduler _scheduler;
    private readonly LoopTriggers _triggers;
    private readonly ServiceBoard _board = new();
    private readonly PassRunner _runner;
    private readonly CancellationTokenSource _abortPass = new();
    private readonly CancellationTokenSource _lifetime = new();

    /// <summary>Created by <see cref="AgentLoopServiceCollectionExtensions.AddDriftlessAgentLoop"/>.</summary>
    public ConvergenceLoop(AgentLoopOptions options, TimeProvider time, ILoggerFactory loggers, IEnumerable<IAgentLoopListener> listeners)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(listeners);
        options.Validate();
        _options = options;
        _time = time;
        _logger = loggers.CreateLogger<ConvergenceLoop>();
        _listeners = new LoopListeners(listeners, _logger);
        _registry = new RegistryInForce(options, time, loggers);
        _scheduler = new PassScheduler(time, new CappedExponentialBackoff(options.RetryFirst, options.RetryCap));
        var inputs = new InputChangeFilter(() => _registry.Registry, _board.ActedOn, _scheduler.Request, _listeners, _lifetime.Token);
        _triggers = new LoopTriggers(time, loggers, inputs.Settled, _scheduler.RequestRegistryReload, () => _scheduler.RequestAll(force: false));
        _runner = new PassRunner(options, time, _board, _scheduler.Backoff);
    }

    /// <summary>
    /// Opens the state store of the registry handed over before the host reports started, so an unusable state
    /// directory fails <c>driftless agent</c> at once with its message instead of later in the background.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _board.StartedAt = _time.GetUtcNow();
        var update = await _registry.StartAsync(cancellationToken);
        var registry = update.Registry;
        _triggers.Watch(registry);
        Log.Started(_logger, registry.FilePath, registry.Services.Count, registry.Agent.Tick.TotalSeconds, _triggers.Method);
        _listeners.RegistryApplied(update);
        _scheduler.RequestAll(force: true);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// SIGTERM: no new triggers, the in-flight pass finishes with its own token, then the loop returns. Only
    /// when the host's shutdown timeout (<paramref name="cancellationToken"/>) expires is the pass cancelled.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _lifetime.CancelAsync();
        _triggers.Stop();
        using (cancellationToken.Register(_abortPass.Cancel))
        {
            await base.StopAsync(cancellationToken);
            if (ExecuteTask is { } running)
            {
                await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await _registry.DisposeAsync();
        Log.Stopped(_logger);
    }

    public override void Dispose()
    {
        _triggers.Dispose();
        _scheduler.Dispose();
        _abortPass.Dispose();
        _lifetime.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            while (true)
            {
                // Checked first: after a pass finished during shutdown, queued work must not start another.
                stoppingToken.ThrowIfCancellationRequested();
                await _scheduler.WaitForWorkAsync(stoppingToken);
                if (_scheduler.TakeRegistryReload())
                {
                    await ReloadRegistryAsync();
                }

                if (_scheduler.TakeBatch() is not { } batch)
                {
                    // Only the registry was read (passes may be waiting for the apply lock).
                    _scheduler.Done();
                }
                else if (await RunAsync(batch) is { } held)
                {
                    // driftless apply holds the lock: wait a little (new requests keep coalescing meanwhile).
                    _scheduler.PauseFor(batch, _options.LockRetry);
                    _listeners.ApplyLockHeld(held, _options.LockRetry);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: between passes, or the scheduler's wait was cancelled.
        }

        foreach (var waiter in _scheduler.Abandon())
        {
            waiter.Completion.TrySetCanceled(stoppingToken);
        }
    }

    /// <returns>The lock error when the batch could not run; null when it ran (or selected nothing).</returns>
    private async Task<Core.Errors.LockHeldException?> RunAsync(PassBatch batch)
    {
        var state = _registry.Current;
        var services = batch.Select(state.Registry, name => _scheduler.Backoff.Waiting(name) || _triggers.IsSettling(name));
        if (services.Count == 0)
        {
            foreach (var waiter in batch.Waiters)
            {
                waiter.Completion.TrySetResult(new ReconcileResult(true, []));
            }

            _scheduler.Done();
            return null;
        }

        var attempt = await _runner.RunAsync(state, services, _abortPass.Token);
        if (attempt.Completion is { } completion)
        {
            _scheduler.Done();
            _listeners.PassCompleted(completion);
            PassRunner.Answer(completion, batch.Waiters);
        }

        return attempt.LockHeld;
    }

    /// <summary>A valid edit replaces the registry in force (re-watched, every service passed); an invalid one is reported and changes nothing.</summary>
    private async Task ReloadRegistryAsync()
    {
        RegistryReload reload;
        try
        {
            reload = await _registry.ReloadAsync(_abortPass.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.ReloadCrashed(_logger, e);
            return;
        }

        if (reload.Rejected is { } rejected)
        {
            _listeners.RegistryRejected(rejected);
        }
        else if (reload.Applied is { } update)
        {
            foreach (var dropped in update.DroppedServices)
            {
                _board.Forget(dropped);
                _scheduler.Backoff.Reset(dropped);
            }

            _triggers.Watch(update.Registry);

            // A changed registry entry retries at once, backoff or not.
            _scheduler.RequestAll(force: true);
            _listeners.RegistryApplied(update);
        }
    }
}
