using System.Security.Cryptography;
using Driftless.Agent.Watching;
using Driftless.Core.Convergence;
using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Driftless.Core.State;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Loop;

public sealed partial class ConvergenceLoop
{
    private readonly List<InputWatcher> _watchers = [];
    private readonly List<Debouncer> _debouncers = [];
    private readonly Dictionary<string, Debouncer> _serviceDebouncers = new(StringComparer.Ordinal);
    private ITimer? _tick;
    private TimeSpan _tickPeriod;
    private int _checking;

    private async Task<DriftlessRegistry> LoadRegistryAsync(CancellationToken cancellationToken)
    {
        var registry = await new RegistryLoader().LoadAsync(_options.RegistryPath, cancellationToken);
        return _tuning.AdjustRegistry?.Invoke(registry) ?? registry;
    }

    /// <summary>
    /// A valid new registry replaces the old one (re-watched, every service passed); an invalid one is logged
    /// with its file, line and key, and the last good registry stays in force.
    /// </summary>
    private async Task ReloadRegistryAsync(CancellationToken cancellationToken)
    {
        var old = Registry;
        var fileHash = RegistryFileHash(old.FilePath);
        if (fileHash is not null && fileHash == _registryFileHash)
        {
            return;
        }

        DriftlessRegistry next;
        try
        {
            next = await LoadRegistryAsync(cancellationToken);
        }
        catch (DriftlessException e)
        {
            Interlocked.Increment(ref _registryRejections);
            Log.RegistryRejected(_logger, e.Message);
            return;
        }

        if (next.StateDirectory != old.StateDirectory)
        {
            var store = await SqliteStateStore.OpenAsync(next.StateDirectory, readOnly: false, cancellationToken);
            var previous = _store;
            _store = store;
            _pass = new ConvergencePass(_options.Runtime, _options.Http, store, _time, _loggers);
            if (previous is not null)
            {
                await previous.DisposeAsync();
            }
        }

        foreach (var dropped in old.Services.Select(s => s.Name).Except(next.Services.Select(s => s.Name), StringComparer.Ordinal))
        {
            _metrics.Forget(dropped);
            _backoff.Reset(dropped);
            _observed.TryRemove(dropped, out _);
        }

        _registryFileHash = fileHash;
        _registry = next;
        Rewatch(next);
        RestartTick(next);
        Log.RegistryReloaded(_logger, next.FilePath, next.Services.Count);

        // A changed registry entry retries at once, backoff or not.
        _requests.AddAll(force: true);
    }

    private static string? RegistryFileHash(string path)
    {
        try
        {
            return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void Rewatch(DriftlessRegistry registry)
    {
        lock (_gate)
        {
            DisposeWatchers();
            if (_lifetime.IsCancellationRequested)
            {
                return;
            }

            var settings = registry.Agent;
            var watchLogger = _loggers.CreateLogger<InputWatcher>();
            var registryDebouncer = new Debouncer(_time, () =>
            {
                Interlocked.Exchange(ref _registryDirty, 1);
                Wake();
            });
            _debouncers.Add(registryDebouncer);
            _watchers.Add(new InputWatcher(
                [new WatchTarget(registry.FilePath, IsDirectory: false)],
                settings.Watch,
                settings.PollInterval,
                _time,
                watchLogger,
                () => registryDebouncer.Signal(settings.Wait)));

            foreach (var service in registry.Services)
            {
                var name = service.Name;
                var wait = registry.WaitFor(service);
                var debouncer = new Debouncer(_time, () => _ = CheckInputsAsync(name));
                _debouncers.Add(debouncer);
                _serviceDebouncers[name] = debouncer;
                _watchers.Add(new InputWatcher(
                    service.Inputs.Select(i => new WatchTarget(i.FullPath, i.Kind == InputKind.Directory)).ToList(),
                    settings.Watch,
                    settings.PollInterval,
                    _time,
                    watchLogger,
                    () => debouncer.Signal(wait)));
            }
        }
    }

    private void RestartTick(DriftlessRegistry registry)
    {
        lock (_gate)
        {
            var period = registry.Agent.Tick;
            if (_tick is not null && period == _tickPeriod)
            {
                return;
            }

            _tick?.Dispose();
            _tick = null;
            _tickPeriod = period;
            if (period > TimeSpan.Zero && !_lifetime.IsCancellationRequested)
            {
                _tick = _time.CreateTimer(_ => OnTick(), null, period, period);
            }
        }
    }

    /// <summary>
    /// A burst of file events is still settling for the service (an rsync of a directory may be half done):
    /// the tick leaves it to its debounce, which fires within <c>wait.max</c>, instead of applying a partial set.
    /// </summary>
    private bool SettlingFileChanges(string service)
    {
        lock (_gate)
        {
            return _serviceDebouncers.TryGetValue(service, out var debouncer) && debouncer.Pending;
        }
    }

    private void OnTick()
    {
        _requests.AddAll(force: false);
        Wake();
    }

    private void RetryService(string service)
    {
        _requests.Add(service);
        Wake();
    }

    /// <summary>After the debounce: act only when the content hash differs from the one last acted on.</summary>
    private async Task CheckInputsAsync(string name)
    {
        Interlocked.Increment(ref _checking);
        try
        {
            await CheckInputsCoreAsync(name);
        }
        finally
        {
            Interlocked.Decrement(ref _checking);
        }
    }

    private async Task CheckInputsCoreAsync(string name)
    {
        try
        {
            var registry = Registry;
            if (registry.Find(name) is not { } service)
            {
                return;
            }

            var hash = await _hasher.HashAsync(service.Inputs, registry.BaseDirectory, _lifetime.Token);
            if (_observed.TryGetValue(name, out var acted) && acted.DesiredHash == hash.Value)
            {
                Interlocked.Increment(ref _unchangedSkips);
                Log.InputsUnchanged(_logger, name, hash.Value);
                return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }
        catch (DriftlessException)
        {
            // Mid-change (a file briefly missing) or unreadable: the pass names the problem.
        }

        _requests.Add(name);
        Wake();
    }

    /// <summary>No debounce waiting, no hash check, no request queued, no pass running (tests).</summary>
    internal bool Idle
    {
        get
        {
            lock (_gate)
            {
                return _debouncers.All(d => !d.Pending) && Volatile.Read(ref _checking) == 0
                    && _requests.IsEmpty && Volatile.Read(ref _busy) == 0 && Volatile.Read(ref _registryDirty) == 0;
            }
        }
    }

    private string WatchName()
    {
        lock (_gate)
        {
            return _watchers.Any(w => w.Polling) ? "poll" : "inotify";
        }
    }

    private void StopTriggers()
    {
        lock (_gate)
        {
            _tick?.Dispose();
            _tick = null;
            DisposeWatchers();
        }
    }

    private void DisposeWatchers()
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
        _serviceDebouncers.Clear();
    }
}
