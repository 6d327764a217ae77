using Driftless.Agent.Watching;
using Driftless.Core.Registry;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Loop;

/// <summary>
/// The triggers of one registry: a watch per service's inputs and one on the registry file, each debounced by
/// its <c>wait</c> (act after <c>min</c> of quiet, at the latest <c>max</c> after the first event), and the
/// liveness tick. They only call back; deciding what a pass covers is <see cref="PassScheduler"/>'s job.
/// </summary>
/// <param name="time">Clock for debounces, polling and the tick.</param>
/// <param name="loggers">For the watchers' fallback warnings.</param>
/// <param name="inputsSettled">A service's input changes settled (its debounce fired).</param>
/// <param name="registryChanged">The registry file's changes settled.</param>
/// <param name="ticked">The tick.</param>
internal sealed class LoopTriggers(TimeProvider time, ILoggerFactory loggers, Action<string> inputsSettled, Action registryChanged, Action ticked) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<InputWatcher> _watchers = [];
    private readonly List<Debouncer> _debouncers = [];
    private readonly Dictionary<string, Debouncer> _settling = new(StringComparer.Ordinal);
    private ITimer? _tick;
    private TimeSpan _tickPeriod;
    private bool _stopped;

    /// <summary><c>poll</c> once any watch polls (configured, or fallen back), else <c>inotify</c>.</summary>
    public string Method
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Any(w => w.Polling) ? "poll" : "inotify";
            }
        }
    }

    /// <summary>
    /// A burst of file events is still settling for the service (an rsync of a directory may be half done):
    /// the tick leaves it to its debounce, which fires within <c>wait.max</c>, instead of applying a partial set.
    /// </summary>
    public bool IsSettling(string service)
    {
        lock (_gate)
        {
            return _settling.TryGetValue(service, out var debouncer) && debouncer.Pending;
        }
    }

    /// <summary>Watches <paramref name="registry"/>'s files (replacing earlier watches); restarts the tick when its period changed.</summary>
    public void Watch(DriftlessRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            DisposeWatches();
            var settings = registry.Agent;
            var logger = loggers.CreateLogger<InputWatcher>();
            var registryDebounce = Debounce(registryChanged);
            _watchers.Add(new InputWatcher(
                [new WatchTarget(registry.FilePath, IsDirectory: false)],
                settings.Watch,
                settings.PollInterval,
                time,
                logger,
                () => registryDebounce.Signal(settings.Wait)));

            foreach (var service in registry.Services)
            {
                var name = service.Name;
                var wait = registry.WaitFor(service);
                var debounce = Debounce(() => inputsSettled(name));
                _settling[name] = debounce;
                _watchers.Add(new InputWatcher(
                    service.Inputs.Select(i => new WatchTarget(i.FullPath, i.Kind == InputKind.Directory)).ToList(),
                    settings.Watch,
                    settings.PollInterval,
                    time,
                    logger,
                    () => debounce.Signal(wait)));
            }

            if (_tick is null || settings.Tick != _tickPeriod)
            {
                _tick?.Dispose();
                _tickPeriod = settings.Tick;
                _tick = time.CreateTimer(_ => ticked(), null, settings.Tick, settings.Tick);
            }
        }
    }

    /// <summary>No trigger fires after this returns (a callback already running may finish).</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            _tick?.Dispose();
            _tick = null;
            DisposeWatches();
        }
    }

    public void Dispose() => Stop();

    private Debouncer Debounce(Action fire)
    {
        var debouncer = new Debouncer(time, fire);
        _debouncers.Add(debouncer);
        return debouncer;
    }

    private void DisposeWatches()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        foreach (var debouncer in _debouncers)
        {
            debouncer.Dispose();
        }

        _watchers.Clear();
        _debouncers.Clear();
        _settling.Clear();
    }
}
