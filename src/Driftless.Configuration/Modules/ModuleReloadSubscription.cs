using Driftless.Configuration.Reload;
using Driftless.Configuration.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.Configuration.Modules;

/// <summary>
/// Subscribes to every <see cref="ConfigReloader"/> in the container and hands each published change to a
/// <see cref="ModuleReconfigurator"/>, resolving the modules in a fresh DI scope at every reload.
/// </summary>
/// <remarks>
/// <see cref="ConfigReloader.Reloaded"/> runs on the reloading thread while the next load waits, so the work is
/// queued instead: changes are handled one at a time, in the order they were published, off that thread — a full
/// reload may therefore call <see cref="ConfigReloader.ForceReloadAsync"/> without deadlocking. Nothing escapes the
/// queue: every failure is logged.
/// </remarks>
internal sealed class ModuleReloadSubscription : IDisposable
{
    private readonly IServiceProvider _services;
    private readonly Func<IServiceProvider, CancellationToken, Task> _fullReload;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<(ConfigReloader Reloader, Action<ConfigSnapshot, ConfigSnapshot> Handler)> _subscriptions = [];
    private Task _tail = Task.CompletedTask;
    private bool _started;
    private bool _disposed;

    public ModuleReloadSubscription(IServiceProvider services, Func<IServiceProvider, CancellationToken, Task> fullReload)
    {
        _services = services;
        _fullReload = fullReload;
        _logger = (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger<ModuleReconfigurator>() ?? NullLogger.Instance;
    }

    /// <summary>Raised after each change was handled; for tests and diagnostics.</summary>
    internal event Action<ModuleReloadOutcome>? Handled;

    /// <summary>Completes when every change queued so far has been handled.</summary>
    internal Task WhenIdle
    {
        get
        {
            lock (_gate)
            {
                return _tail;
            }
        }
    }

    /// <summary>Subscribes to the reloaders; idempotent.</summary>
    public void Start()
    {
        var reloaders = _services.GetServices<ConfigReloader>().Distinct().ToList();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                return;
            }

            _started = true;
            foreach (var reloader in reloaders)
            {
                Action<ConfigSnapshot, ConfigSnapshot> handler = (oldSnapshot, newSnapshot) => Enqueue(oldSnapshot, newSnapshot);
                reloader.Reloaded += handler;
                _subscriptions.Add((reloader, handler));
            }
        }
    }

    /// <summary>Unsubscribes, cancels the change in progress and waits (as long as <paramref name="cancellationToken"/> allows) for it to end.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task tail;
        lock (_gate)
        {
            Unsubscribe();
            tail = _tail;
        }

        await _stopping.CancelAsync();
        await tail.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Unsubscribe();
        }

        // Not disposed: a queued change may still be unwinding through its token.
        _stopping.Cancel();
    }

    internal void Enqueue(ConfigSnapshot oldSnapshot, ConfigSnapshot newSnapshot)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _tail = HandleAfterAsync(_tail, oldSnapshot, newSnapshot);
        }
    }

    // Caller holds _gate.
    private void Unsubscribe()
    {
        foreach (var (reloader, handler) in _subscriptions)
        {
            reloader.Reloaded -= handler;
        }

        _subscriptions.Clear();
    }

    private async Task HandleAfterAsync(Task previous, ConfigSnapshot oldSnapshot, ConfigSnapshot newSnapshot)
    {
        // Always yields, so nothing runs on the reloading thread; previous never faults, but suppress anyway.
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        try
        {
            var outcome = await HandleAsync(oldSnapshot, newSnapshot, _stopping.Token);
            RaiseHandled(outcome, newSnapshot.Source);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            ModulesLog.HandlingFailed(_logger, newSnapshot.Source, ex);
        }
    }

    private async Task<ModuleReloadOutcome> HandleAsync(ConfigSnapshot oldSnapshot, ConfigSnapshot newSnapshot, CancellationToken cancellationToken)
    {
        // A scope per reload: scoped and transient modules are resolved anew and disposed afterwards,
        // and nothing from a previous generation of the application is kept.
        var scope = _services.CreateAsyncScope();
        await using (scope)
        {
            var reconfigurator = new ModuleReconfigurator(
                () => scope.ServiceProvider.GetServices<IReconfigurable>(),
                ct => _fullReload(_services, ct),
                _logger);
            return await reconfigurator.ReconfigureAsync(oldSnapshot, newSnapshot, cancellationToken);
        }
    }

    private void RaiseHandled(ModuleReloadOutcome outcome, string source) =>
        Subscribers.InvokeEach(Handled, h => h(outcome), ex => ModulesLog.HandlingFailed(_logger, source, ex));
}
