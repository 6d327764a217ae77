namespace Driftless.Configuration.Reload;

/// <summary>
/// Runs a reload in the background per change signal, coalesced: signals that arrive while one runs schedule
/// exactly one more, however many there are.
/// </summary>
internal sealed class ChangeSignalCoalescer
{
    private readonly Func<Task> _reload;
    private readonly Func<bool> _isStopped;
    private readonly Lock _gate = new();
    private bool _running;
    private bool _pending;

    /// <param name="reload">One background reload; must observe every exception itself.</param>
    /// <param name="isStopped">When true, pending signals are dropped instead of run.</param>
    public ChangeSignalCoalescer(Func<Task> reload, Func<bool> isStopped)
    {
        _reload = reload;
        _isStopped = isStopped;
    }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    public void Signal()
    {
        lock (_gate)
        {
            if (_running)
            {
                _pending = true;
                return;
            }

            _running = true;
        }

        // Off the signalling thread (e.g. the watcher's timer).
        _ = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        while (true)
        {
            await _reload();
            lock (_gate)
            {
                if (!_pending || _isStopped())
                {
                    _running = false;
                    _pending = false;
                    return;
                }

                _pending = false;
            }
        }
    }
}
