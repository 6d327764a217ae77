using System.Collections.Concurrent;
using System.Threading.Channels;
using Driftless.Agent.Metrics;
using Driftless.Agent.Watching;
using Driftless.Core.Convergence;
using Driftless.Core.Execution;
using Driftless.Core.Hashing;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Loop;

/// <summary>
/// <c>driftless agent</c>'s heart: one pass of the SAME planner and executor as <c>driftless apply</c> per
/// trigger (file change, registry change, tick, API reconcile, backoff retry), one pass at a time, triggers
/// arriving meanwhile coalesced into the next. The tick is liveness only by construction: the planner
/// already no-ops a running, in-sync container, and nothing here compares specs read back from the runtime.
/// On shutdown the in-flight pass runs to its end (it is not cancelled by the stopping token), so state is
/// never half-recorded.
/// </summary>
public sealed partial class ConvergenceLoop : BackgroundService
{
    private readonly AgentLoopOptions _options;
    private readonly AgentMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly LoopTuning _tuning;
    private readonly ContentHasher _hasher = new();
    private readonly PassRequests _requests = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _abortPass = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();
    // What the last pass saw per service; its DesiredHash is also the content last acted on (an identical save is skipped against it).
    private readonly ConcurrentDictionary<string, ServiceObservation> _observed = new(StringComparer.Ordinal);
    private readonly Backoff _backoff;
    private DriftlessRegistry? _registry;
    private string? _registryFileHash;
    private SqliteStateStore? _store;
    private ConvergencePass? _pass;
    private HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private int _registryDirty;
    private int _busy;
    private DateTimeOffset _startedAt;
    private DateTimeOffset? _lastPassAt;
    private long _passCount;
    private long _unchangedSkips;
    private long _registryRejections;
    private long _lockWaits;
    private TaskCompletionSource _passCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Created by <see cref="AgentLoopServiceCollectionExtensions.AddDriftlessAgentLoop"/>.</summary>
    public ConvergenceLoop(AgentLoopOptions options, AgentMetrics metrics, TimeProvider time, ILoggerFactory loggers)
        : this(options, metrics, time, loggers, LoopTuning.Default)
    {
    }

    internal ConvergenceLoop(AgentLoopOptions options, AgentMetrics metrics, TimeProvider time, ILoggerFactory loggers, LoopTuning tuning)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        _metrics = metrics;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ConvergenceLoop>();
        _tuning = tuning;
        _backoff = new Backoff(time, tuning.BackoffBase, tuning.BackoffCap, RetryService);
    }

    /// <summary>The registry being converged (the last good one).</summary>
    internal DriftlessRegistry Registry => _registry ?? throw new InvalidOperationException("the agent has not started");

    internal long PassCount => Interlocked.Read(ref _passCount);

    internal long UnchangedSkips => Interlocked.Read(ref _unchangedSkips);

    internal long RegistryRejections => Interlocked.Read(ref _registryRejections);

    /// <summary>How often a pass found the apply lock held by <c>driftless apply</c> (tests).</summary>
    internal long LockWaits => Interlocked.Read(ref _lockWaits);

    internal ApplyReport? LastReport { get; private set; }

    /// <summary>
    /// Loads the registry and opens the state store before the host reports started, so an invalid registry
    /// fails <c>driftless agent</c> at once with its message (exit 65) instead of later in the background.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _startedAt = _time.GetUtcNow();
        var registry = await LoadRegistryAsync(cancellationToken);
        _store = await SqliteStateStore.OpenAsync(registry.StateDirectory, readOnly: false, cancellationToken);
        _pass = new ConvergencePass(_options.Runtime, _options.Http, _store, _time, _loggers);
        _registryFileHash = RegistryFileHash(registry.FilePath);
        _registry = registry;
        Rewatch(registry);
        RestartTick(registry);
        Log.Started(_logger, registry.FilePath, registry.Services.Count, registry.Agent.Tick.TotalSeconds, WatchName());
        _requests.AddAll(force: true);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// SIGTERM: no new triggers, the in-flight pass finishes with its own token, then the loop returns. Only
    /// when the host's shutdown timeout expires is the pass cancelled.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _lifetime.Cancel();
        StopTriggers();
        using (cancellationToken.Register(() => _abortPass.Cancel()))
        {
            await base.StopAsync(cancellationToken);
            if (ExecuteTask is { } running)
            {
                await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        if (_store is { } store)
        {
            await store.DisposeAsync();
        }

        Log.Stopped(_logger);
    }

    public override void Dispose()
    {
        StopTriggers();
        _backoff.Dispose();
        _abortPass.Dispose();
        _lifetime.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (_requests.IsEmpty && Volatile.Read(ref _registryDirty) == 0)
            {
                try
                {
                    await _wake.Reader.ReadAsync(stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            Volatile.Write(ref _busy, 1);
            if (Interlocked.Exchange(ref _registryDirty, 0) == 1)
            {
                try
                {
                    await ReloadRegistryAsync(_abortPass.Token);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Never crash the loop: the last good registry stays in force.
                    Log.PassCrashed(_logger, e);
                }
            }

            var batch = _requests.Take();
            var ran = await RunBatchAsync(batch);
            Volatile.Write(ref _busy, 0);
            if (!ran)
            {
                // driftless apply holds the lock: wait a little (new triggers keep coalescing meanwhile).
                try
                {
                    await Task.Delay(_tuning.LockRetry, _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        foreach (var waiter in _requests.Take().Waiters)
        {
            waiter.Completion.TrySetCanceled(stoppingToken);
        }
    }

    /// <summary>Completes after <paramref name="count"/> passes in all have finished (tests).</summary>
    internal async Task WaitForPassCountAsync(long count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (_passCount >= count)
                {
                    return;
                }

                next = _passCompleted.Task;
            }

            await next.WaitAsync(cancellationToken);
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private void PassFinished(ApplyReport? report)
    {
        TaskCompletionSource completed;
        lock (_gate)
        {
            if (report is not null)
            {
                LastReport = report;
            }

            _lastPassAt = _time.GetUtcNow();
            _passCount++;
            completed = _passCompleted;
            _passCompleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        completed.TrySetResult();
    }

    /// <summary>What the last pass saw of a service.</summary>
    private sealed record ServiceObservation(Verdict Verdict, string? ContainerId, string DesiredHash);
}
