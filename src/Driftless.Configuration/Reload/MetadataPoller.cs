using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Reload;

/// <summary>
/// Polls what a set of files resolves to — through symlinks — and that file's size and write time, and reports when
/// this fingerprint differs from the last one taken. The fallback when directories cannot be watched.
/// </summary>
/// <remarks>Shares its owner's gate: the <c>…Locked</c> members run under it, and the poll takes it.</remarks>
internal sealed class MetadataPoller
{
    private readonly IReadOnlyList<string> _paths;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Lock _gate;
    private readonly Action _onDifference;
    private readonly ILogger _logger;
    private readonly string _pathsForLog;
    private ITimer? _timer;
    private string? _lastFingerprint;

    /// <param name="paths">Full paths of the files.</param>
    /// <param name="interval">Time between two polls.</param>
    /// <param name="time">The clock.</param>
    /// <param name="gate">The owner's gate.</param>
    /// <param name="onDifference">Called, outside the gate, when a poll finds a different fingerprint.</param>
    /// <param name="logger">Where failed polls are logged.</param>
    public MetadataPoller(
        IReadOnlyList<string> paths, TimeSpan interval, TimeProvider time, Lock gate, Action onDifference, ILogger logger)
    {
        _paths = paths;
        _interval = interval;
        _time = time;
        _gate = gate;
        _onDifference = onDifference;
        _logger = logger;
        _pathsForLog = string.Join(", ", paths);
    }

    /// <summary>Takes the fingerprint the next poll compares with.</summary>
    public void TakeBaselineLocked() => _lastFingerprint = Fingerprint();

    public void StartLocked() =>
        _timer ??= _time.CreateTimer(static s => ((MetadataPoller)s!).Poll(), this, _interval, _interval);

    public void StopLocked()
    {
        _timer?.Dispose();
        _timer = null;
    }

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
            // A poll can already be running when StopLocked swaps the timer out.
            if (_timer is null)
            {
                return;
            }

            changed = !string.Equals(current, _lastFingerprint, StringComparison.Ordinal);
            _lastFingerprint = current;
        }

        if (changed)
        {
            _onDifference();
        }
    }

    private string Fingerprint()
    {
        var parts = new List<string>(_paths.Count);
        foreach (var path in _paths)
        {
            var chain = SymlinkChain.Resolve(path);
            var info = new FileInfo(chain.Count > 0 ? Path.Combine(chain[^1].Directory, chain[^1].Name) : path);
            parts.Add(info.Exists
                ? $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}"
                : $"{info.FullName}|missing");
        }

        return string.Join('\n', parts);
    }
}
