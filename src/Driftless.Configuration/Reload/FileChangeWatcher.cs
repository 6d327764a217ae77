using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.Configuration.Reload;

/// <summary>
/// Turns file-system noise about a set of files into one signal per quiet period.
/// </summary>
/// <remarks>
/// Watches the parent directory of each file (and, through symlinks, of every link in the chain), not the
/// file itself: an atomic save renames over the file, an editor may delete then recreate it, and a
/// Kubernetes ConfigMap swaps a <c>..data</c> directory symlink — none of which a watch on the file's
/// inode would survive. Falls back to polling metadata when a watcher cannot be created or reports an
/// error (inotify limits, buffer overflow). All timing goes through the injected <see cref="TimeProvider"/>.
/// </remarks>
internal sealed class FileChangeWatcher : IDisposable
{
    private readonly Action _onChange;
    private readonly TimeSpan _pollingInterval;
    private readonly ILogger _logger;
    private readonly string _pathsForLog;

    // Guards every field below, and the watchers' and the poller's state; timer and watcher callbacks take it,
    // so Dispose can run on any thread.
    private readonly Lock _gate = new();
    private readonly DirectoryWatchers _directories;
    private readonly MetadataPoller _poller;
    private readonly QuietPeriodTimer _quietPeriod;
    private bool _polling;
    private bool _started;
    private bool _disposed;
    private long _rawEvents;
    private long _signals;

    public FileChangeWatcher(
        IReadOnlyList<string> paths,
        Action onChange,
        TimeSpan debounce,
        TimeSpan pollingInterval,
        bool forcePolling,
        TimeProvider timeProvider,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(onChange);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(debounce, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollingInterval, TimeSpan.Zero);

        IReadOnlyList<string> fullPaths = [.. paths.Select(p => Path.GetFullPath(p))];
        _onChange = onChange;
        _pollingInterval = pollingInterval;
        _polling = forcePolling;
        _logger = logger ?? NullLogger.Instance;
        _pathsForLog = string.Join(", ", fullPaths);
        _directories = new DirectoryWatchers(fullPaths, _gate, NotifyChanged, FallBackToPolling, _logger);
        _poller = new MetadataPoller(fullPaths, pollingInterval, timeProvider, _gate, NotifyChanged, _logger);
        _quietPeriod = new QuietPeriodTimer(debounce, timeProvider, OnQuiet);
    }

    /// <summary>Events on a watched entry that (re)armed the quiet period while started; for tests and diagnostics.</summary>
    internal long RawEventCount => Interlocked.Read(ref _rawEvents);

    /// <summary>Signals raised (after debouncing).</summary>
    internal long SignalCount => Interlocked.Read(ref _signals);

    internal bool IsPolling
    {
        get
        {
            lock (_gate)
            {
                return _polling;
            }
        }
    }

    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                return;
            }

            _started = true;
            _poller.TakeBaselineLocked();
            if (_polling)
            {
                _poller.StartLocked();
            }
            else
            {
                RebuildWatchersLocked();
            }
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            if (!_started)
            {
                return;
            }

            _started = false;
            StopLocked();
        }
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
            _started = false;
            StopLocked();
        }
    }

    /// <summary>Something happened to a watched entry: (re)start the quiet period.</summary>
    internal void NotifyChanged()
    {
        lock (_gate)
        {
            if (!_started)
            {
                return;
            }

            // Trailing edge: every event pushes the signal out by a full quiet period.
            _quietPeriod.Restart();

            // Counted once the timer is armed: a test that sees the count can advance the clock past it.
            Interlocked.Increment(ref _rawEvents);
        }
    }

    /// <summary>A watcher failed (overflow, inotify limit): poll from now on.</summary>
    internal void FallBackToPolling(string directory, string reason)
    {
        lock (_gate)
        {
            if (!_started || _polling)
            {
                return;
            }

            Log.FallingBackToPolling(_logger, directory, reason, _pollingInterval);
            SwitchToPollingLocked();
        }

        // An overflow means events were lost: check once rather than wait for the next difference.
        NotifyChanged();
    }

    private void OnQuiet()
    {
        lock (_gate)
        {
            // A timer callback can already be running when Stop/Dispose swaps the timer out.
            if (!_started)
            {
                return;
            }

            _poller.TakeBaselineLocked();
            if (!_polling)
            {
                // A ..data swap changes which directory holds the real file: follow it.
                RebuildWatchersLocked();
            }
        }

        Interlocked.Increment(ref _signals);
        try
        {
            _onChange();
        }
        catch (Exception ex)
        {
            Log.WatcherCallbackFailed(_logger, _pathsForLog, ex);
        }
    }

    private void StopLocked()
    {
        _quietPeriod.Stop();
        _poller.StopLocked();
        _directories.ResetLocked();
    }

    private void RebuildWatchersLocked()
    {
        if (_directories.RebuildLocked() is var (directory, reason))
        {
            // Polling still works.
            Log.FallingBackToPolling(_logger, directory, reason, _pollingInterval);
            SwitchToPollingLocked();
        }
    }

    private void SwitchToPollingLocked()
    {
        _directories.DisposeWatchersLocked();
        _polling = true;
        _poller.StartLocked();
    }
}
