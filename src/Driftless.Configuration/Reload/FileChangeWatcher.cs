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
    private const int MaxLinkDepth = 32;

    private static readonly StringComparer NameComparer =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private readonly IReadOnlyList<string> _paths;
    private readonly Action _onChange;
    private readonly TimeSpan _debounce;
    private readonly TimeSpan _pollingInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _pathsForLog;

    // Guards every field below; timer and watcher callbacks take it, so Dispose can run on any thread.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FileSystemWatcher> _watchers = new(NameComparer);
    private Dictionary<string, HashSet<string>> _watchSet = new(NameComparer);
    private ITimer? _debounceTimer;
    private ITimer? _pollTimer;
    private string? _lastFingerprint;
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

        _paths = [.. paths.Select(p => Path.GetFullPath(p))];
        _onChange = onChange;
        _debounce = debounce;
        _pollingInterval = pollingInterval;
        _polling = forcePolling;
        _time = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _pathsForLog = string.Join(", ", _paths);
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
            _lastFingerprint = Fingerprint();
            if (_polling)
            {
                StartPollingLocked();
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
            _debounceTimer ??= _time.CreateTimer(static s => ((FileChangeWatcher)s!).OnQuiet(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _debounceTimer.Change(_debounce, Timeout.InfiniteTimeSpan);

            // Counted once the timer is armed: a test that sees the count can advance the clock past it.
            Interlocked.Increment(ref _rawEvents);
        }
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

            _lastFingerprint = Fingerprint();
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
        _debounceTimer?.Dispose();
        _debounceTimer = null;
        _pollTimer?.Dispose();
        _pollTimer = null;
        foreach (var watcher in _watchers.Values)
        {
            DisposeWatcher(watcher);
        }

        _watchers.Clear();
        _watchSet = new(NameComparer);
    }

    private void RebuildWatchersLocked()
    {
        var wanted = ComputeWatchSet(_paths);
        foreach (var dir in _watchers.Keys.Where(d => !wanted.ContainsKey(d)).ToList())
        {
            DisposeWatcher(_watchers[dir]);
            _watchers.Remove(dir);
        }

        _watchSet = wanted;
        foreach (var (dir, names) in wanted)
        {
            if (_watchers.ContainsKey(dir))
            {
                continue;
            }

            try
            {
                _watchers[dir] = CreateWatcher(dir);
                Log.Watching(_logger, dir, string.Join(", ", names));
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or PlatformNotSupportedException or UnauthorizedAccessException)
            {
                // Missing directory, inotify limit, unsupported platform: polling still works.
                Log.FallingBackToPolling(_logger, dir, ex.Message, _pollingInterval);
                SwitchToPollingLocked();
                return;
            }
        }
    }

    private FileSystemWatcher CreateWatcher(string directory)
    {
        var watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                | NotifyFilters.Size | NotifyFilters.CreationTime | NotifyFilters.Attributes,
        };
        watcher.Changed += OnFileSystemEvent;
        watcher.Created += OnFileSystemEvent;
        watcher.Deleted += OnFileSystemEvent;
        watcher.Renamed += OnFileSystemEvent;
        watcher.Error += OnWatcherError;
        try
        {
            watcher.EnableRaisingEvents = true;
        }
        catch
        {
            DisposeWatcher(watcher);
            throw;
        }

        return watcher;
    }

    private void DisposeWatcher(FileSystemWatcher watcher)
    {
        watcher.EnableRaisingEvents = false;
        watcher.Changed -= OnFileSystemEvent;
        watcher.Created -= OnFileSystemEvent;
        watcher.Deleted -= OnFileSystemEvent;
        watcher.Renamed -= OnFileSystemEvent;
        watcher.Error -= OnWatcherError;
        watcher.Dispose();
    }

    private void OnFileSystemEvent(object sender, FileSystemEventArgs e)
    {
        bool relevant;
        lock (_gate)
        {
            var dir = ((FileSystemWatcher)sender).Path;
            relevant = _watchSet.TryGetValue(dir, out var names)
                && ((e.Name is not null && names.Contains(e.Name))
                    || (e is RenamedEventArgs r && r.OldName is not null && names.Contains(r.OldName)));
        }

        if (relevant)
        {
            NotifyChanged();
        }
    }

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        var watcher = (FileSystemWatcher)sender;
        bool current;
        lock (_gate)
        {
            current = _watchers.ContainsValue(watcher);
        }

        if (current)
        {
            FallBackToPolling(watcher.Path, e.GetException().Message);
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

    private void SwitchToPollingLocked()
    {
        foreach (var watcher in _watchers.Values)
        {
            DisposeWatcher(watcher);
        }

        _watchers.Clear();
        _polling = true;
        StartPollingLocked();
    }

    private void StartPollingLocked() =>
        _pollTimer ??= _time.CreateTimer(static s => ((FileChangeWatcher)s!).Poll(), this, _pollingInterval, _pollingInterval);

    private void Poll()
    {
        string current;
        try
        {
            current = Fingerprint();
        }
        catch (Exception ex)
        {
            Log.PollFailed(_logger, _pathsForLog, ex);
            return;
        }

        bool changed;
        lock (_gate)
        {
            if (!_started)
            {
                return;
            }

            changed = !string.Equals(current, _lastFingerprint, StringComparison.Ordinal);
            _lastFingerprint = current;
        }

        if (changed)
        {
            NotifyChanged();
        }
    }

    /// <summary>What polling compares: where each path resolves to, and that file's size and write time.</summary>
    private string Fingerprint()
    {
        var parts = new List<string>(_paths.Count);
        foreach (var path in _paths)
        {
            var chain = ResolveChain(path);
            var info = new FileInfo(chain.Count > 0 ? Path.Combine(chain[^1].Directory, chain[^1].Name) : path);
            parts.Add(info.Exists
                ? $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}"
                : $"{info.FullName}|missing");
        }

        return string.Join('\n', parts);
    }

    /// <summary>Directory → entry names whose change matters, across every path's symlink chain.</summary>
    internal static Dictionary<string, HashSet<string>> ComputeWatchSet(IEnumerable<string> paths)
    {
        var set = new Dictionary<string, HashSet<string>>(NameComparer);
        foreach (var path in paths)
        {
            foreach (var (dir, name) in ResolveChain(Path.GetFullPath(path)))
            {
                if (!set.TryGetValue(dir, out var names))
                {
                    set[dir] = names = new HashSet<string>(NameComparer);
                }

                names.Add(name);
            }
        }

        return set;
    }

    /// <summary>
    /// Every (directory, entry) a path's content depends on, last being the real file: for a ConfigMap
    /// mount <c>app.conf → ..data/app.conf</c> with <c>..data → ..data_v1</c> that is
    /// (dir, app.conf), (dir, ..data), (dir/..data_v1, app.conf).
    /// </summary>
    internal static List<(string Directory, string Name)> ResolveChain(string fullPath)
    {
        var chain = new List<(string, string)>();
        var current = fullPath;
        for (var depth = 0; depth < MaxLinkDepth; depth++)
        {
            var dir = Path.GetDirectoryName(current);
            var name = Path.GetFileName(current);
            if (dir is null || name.Length == 0)
            {
                break;
            }

            string? dirLink = null, fileLink = null;
            try
            {
                dirLink = new DirectoryInfo(dir).LinkTarget;
                fileLink = dirLink is null ? new FileInfo(current).LinkTarget : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Unreadable link: watch what we have; polling or the next event re-resolves.
            }

            if (dirLink is not null && Path.GetDirectoryName(dir) is { } grandParent)
            {
                // The immediate directory is a link (..data): a swap renames it in its parent.
                chain.Add((grandParent, Path.GetFileName(dir)));
                current = Path.Combine(Path.GetFullPath(dirLink, grandParent), name);
                continue;
            }

            chain.Add((dir, name));
            if (fileLink is null)
            {
                break;
            }

            current = Path.GetFullPath(fileLink, dir);
        }

        return chain;
    }
}
