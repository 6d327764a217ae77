using Driftless.Core.Registry;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Watching;

/// <summary>
/// Watches the DIRECTORIES of a set of paths, never the files themselves: a watch on a file follows its inode,
/// so it misses an atomic rename (rsync, editors), a delete-then-create and the Kubernetes ConfigMap
/// <c>..data</c> symlink swap. A file is watched through its directory, filtered to its name (and to the first
/// component of its relative symlink target, e.g. <c>..data</c>); a directory recursively, plus its parent for
/// the directory itself being replaced. When inotify cannot start or reports an error (limits exhausted), it
/// falls back to polling with one warning, never an exception. Events only say "maybe changed": the caller
/// debounces and compares content hashes.
/// </summary>
internal sealed class InputWatcher : IDisposable
{
    private readonly IReadOnlyList<WatchTarget> _targets;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _changed;
    private readonly Lock _gate = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Dictionary<string, FileSystemWatcher> _recursive = new(StringComparer.Ordinal);
    private ITimer? _poll;
    private string? _fingerprint;
    private bool _disposed;

    /// <param name="targets">What to watch.</param>
    /// <param name="method">inotify with fallback, or polling only.</param>
    /// <param name="pollInterval">Polling interval.</param>
    /// <param name="time">Timers for polling.</param>
    /// <param name="logger">Warnings on fallback.</param>
    /// <param name="changed">Called (from any thread) when something under a target may have changed.</param>
    public InputWatcher(IReadOnlyList<WatchTarget> targets, WatchMethod method, TimeSpan pollInterval, TimeProvider time, ILogger logger, Action changed)
    {
        _targets = targets;
        _pollInterval = pollInterval > TimeSpan.Zero ? pollInterval : TimeSpan.FromSeconds(2);
        _time = time;
        _logger = logger;
        _changed = changed;
        if (method == WatchMethod.Poll)
        {
            StartPolling();
            return;
        }

        try
        {
            foreach (var target in targets)
            {
                Watch(target);
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            FallBack(targets.Count > 0 ? targets[0].FullPath : "(nothing)", e.Message);
        }
    }

    /// <summary>True once watching fell back to (or was configured as) polling.</summary>
    public bool Polling
    {
        get
        {
            lock (_gate)
            {
                return _poll is not null;
            }
        }
    }

    private void Watch(WatchTarget target)
    {
        var path = Path.TrimEndingDirectorySeparator(target.FullPath);
        var parent = Path.GetDirectoryName(path) ?? path;
        var name = Path.GetFileName(path);
        if (target.IsDirectory)
        {
            ArmRecursive(path);
        }

        // The parent, filtered to the name (and, for a relative symlink, to its first component, e.g. ..data).
        var names = new HashSet<string>(StringComparer.Ordinal) { name };
        AddLinkComponent(names, path);
        var watcher = NewWatcher(parent, recursive: false);
        FileSystemEventHandler onEvent = (_, e) => OnParentEvent(target, path, names, e.Name, (e as RenamedEventArgs)?.OldName);
        watcher.Changed += onEvent;
        watcher.Created += onEvent;
        watcher.Deleted += onEvent;
        watcher.Renamed += (_, e) => OnParentEvent(target, path, names, e.Name, e.OldName);
        Start(watcher, parent);
    }

    private void ArmRecursive(string directory)
    {
        lock (_gate)
        {
            if (_disposed || _poll is not null)
            {
                return;
            }

            if (_recursive.Remove(directory, out var old))
            {
                _watchers.Remove(old);
                old.Dispose();
            }

            if (!Directory.Exists(directory))
            {
                return;
            }

            var watcher = NewWatcher(directory, recursive: true);
            FileSystemEventHandler onEvent = (_, _) => Changed();
            watcher.Changed += onEvent;
            watcher.Created += onEvent;
            watcher.Deleted += onEvent;
            watcher.Renamed += (_, _) => Changed();
            _recursive[directory] = watcher;
            Start(watcher, directory);
        }
    }

    private FileSystemWatcher NewWatcher(string directory, bool recursive) => new(directory)
    {
        IncludeSubdirectories = recursive,
        NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
            | NotifyFilters.Size | NotifyFilters.CreationTime | NotifyFilters.Attributes,
    };

    private void Start(FileSystemWatcher watcher, string path)
    {
        watcher.Error += (_, e) => FallBack(path, e.GetException().Message);
        lock (_gate)
        {
            _watchers.Add(watcher);
        }

        watcher.EnableRaisingEvents = true;
    }

    private void OnParentEvent(WatchTarget target, string path, HashSet<string> names, string? name, string? oldName)
    {
        bool relevant;
        lock (names)
        {
            relevant = (name is not null && names.Contains(name)) || (oldName is not null && names.Contains(oldName));
            AddLinkComponent(names, path);
        }

        if (!relevant)
        {
            return;
        }

        if (target.IsDirectory)
        {
            // The directory itself was replaced: the recursive watch followed the old one.
            ArmRecursive(path);
        }

        Changed();
    }

    private static void AddLinkComponent(HashSet<string> names, string path)
    {
        try
        {
            var link = new FileInfo(path).LinkTarget;
            if (link is not null && !Path.IsPathRooted(link))
            {
                var first = link.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => s != ".");
                if (first is not null && first != "..")
                {
                    names.Add(first);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not a readable link: the name itself still matches.
        }
    }

    private void Changed()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
        }

        _changed();
    }

    private void FallBack(string path, string reason)
    {
        lock (_gate)
        {
            if (_disposed || _poll is not null)
            {
                return;
            }
        }

        Log.FallingBackToPolling(_logger, path, reason, _pollInterval.TotalMilliseconds);
        StartPolling();

        // Events may have been lost while the watch failed.
        Changed();
    }

    private void StartPolling()
    {
        var fingerprint = SafeFingerprint();
        lock (_gate)
        {
            if (_disposed || _poll is not null)
            {
                return;
            }

            foreach (var watcher in _watchers)
            {
                watcher.Dispose();
            }

            _watchers.Clear();
            _recursive.Clear();
            _fingerprint = fingerprint;
            _poll = _time.CreateTimer(_ => Poll(), null, _pollInterval, _pollInterval);
        }
    }

    private void Poll()
    {
        var now = SafeFingerprint();
        bool changed;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            changed = now is not null && now != _fingerprint;
            if (now is not null)
            {
                _fingerprint = now;
            }
        }

        if (changed)
        {
            _changed();
        }
    }

    private string? SafeFingerprint()
    {
        try
        {
            return PathFingerprint.Of(_targets);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.PollFailed(_logger, _targets.Count > 0 ? _targets[0].FullPath : "(nothing)", e.Message);
            return null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _poll?.Dispose();
            foreach (var watcher in _watchers)
            {
                watcher.Dispose();
            }

            _watchers.Clear();
            _recursive.Clear();
        }
    }
}
