using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Reload;

/// <summary>
/// One <see cref="FileSystemWatcher"/> per directory that a set of files depends on — its own and, through symlinks,
/// that of every link in the chain — reporting events on the entries that matter and watchers that fail.
/// </summary>
/// <remarks>Shares its owner's gate: the <c>…Locked</c> members run under it, and the event handlers take it.</remarks>
internal sealed class DirectoryWatchers
{
    private static readonly StringComparer NameComparer =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private readonly IReadOnlyList<string> _paths;
    private readonly Lock _gate;
    private readonly Action _onEntryChanged;
    private readonly Action<string, string> _onWatcherFailed;
    private readonly ILogger _logger;
    private readonly Dictionary<string, FileSystemWatcher> _watchers = new(NameComparer);
    private Dictionary<string, HashSet<string>> _watchSet = new(NameComparer);

    /// <param name="paths">Full paths of the files.</param>
    /// <param name="gate">The owner's gate.</param>
    /// <param name="onEntryChanged">Called, outside the gate, for each event on an entry that matters.</param>
    /// <param name="onWatcherFailed">Called, outside the gate, with the directory and the reason when a current watcher fails.</param>
    /// <param name="logger">Where the watched directories are logged.</param>
    public DirectoryWatchers(
        IReadOnlyList<string> paths, Lock gate, Action onEntryChanged, Action<string, string> onWatcherFailed, ILogger logger)
    {
        _paths = paths;
        _gate = gate;
        _onEntryChanged = onEntryChanged;
        _onWatcherFailed = onWatcherFailed;
        _logger = logger;
    }

    /// <summary>Directory → entry names whose change matters, across every path's symlink chain.</summary>
    internal static Dictionary<string, HashSet<string>> ComputeWatchSet(IEnumerable<string> paths)
    {
        var set = new Dictionary<string, HashSet<string>>(NameComparer);
        foreach (var path in paths)
        {
            foreach (var (dir, name) in SymlinkChain.Resolve(Path.GetFullPath(path)))
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
    /// Watches the directories the files depend on now (a <c>..data</c> swap moves the real file). Returns the first
    /// directory that cannot be watched and why — missing, inotify limit, unsupported platform — or null.
    /// </summary>
    public (string Directory, string Reason)? RebuildLocked()
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
                return (dir, ex.Message);
            }
        }

        return null;
    }

    /// <summary>Stops every watcher; the entries that matter are kept for events already on their way.</summary>
    public void DisposeWatchersLocked()
    {
        foreach (var watcher in _watchers.Values)
        {
            DisposeWatcher(watcher);
        }

        _watchers.Clear();
    }

    /// <summary>Stops every watcher and forgets the entries that matter.</summary>
    public void ResetLocked()
    {
        DisposeWatchersLocked();
        _watchSet = new(NameComparer);
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
            _onEntryChanged();
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
            _onWatcherFailed(watcher.Path, e.GetException().Message);
        }
    }
}
