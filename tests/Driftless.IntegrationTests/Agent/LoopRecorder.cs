using Driftless.Agent.Loop;
using Driftless.Core.Errors;

namespace Driftless.IntegrationTests.Agent;

/// <summary>
/// Records what a convergence loop reports to its listeners and lets a test await it. The deadline is a
/// safety net on the real clock, never a sleep: a wait returns as soon as the event is recorded.
/// </summary>
internal sealed class LoopRecorder : IAgentLoopListener
{
    private readonly Lock _gate = new();
    private readonly List<object> _events = [];
    private TaskCompletionSource _recorded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How long a wait may take before it fails the test (default 60 s).</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many events so far: a mark to wait for events after it.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Events of one kind recorded at or after <paramref name="from"/>.</summary>
    public IReadOnlyList<T> All<T>(int from = 0)
    {
        lock (_gate)
        {
            return _events.Skip(from).OfType<T>().ToList();
        }
    }

    public IReadOnlyList<PassCompletion> Passes(int from = 0) => All<PassCompletion>(from);

    /// <summary>The first event of a kind at or after <paramref name="from"/> matching <paramref name="match"/>, once recorded.</summary>
    public Task<T> WaitAsync<T>(Func<T, bool>? match = null, int from = 0, string? what = null)
        where T : class =>
        UntilAsync(events => events.Skip(from).OfType<T>().FirstOrDefault(e => match?.Invoke(e) ?? true), what ?? typeof(T).Name);

    /// <summary>The first pass at or after <paramref name="from"/> matching <paramref name="match"/>.</summary>
    public Task<PassCompletion> PassAsync(int from = 0, Func<PassCompletion, bool>? match = null, string? what = null) =>
        WaitAsync(match, from, what ?? "a pass");

    /// <summary>Completes once <paramref name="count"/> passes were recorded at or after <paramref name="from"/>; returns the last of them.</summary>
    public Task<PassCompletion> PassesAsync(int count, int from = 0) => NthAsync<PassCompletion>(count, from);

    /// <summary>The <paramref name="n"/>th event of a kind (1 for the first) at or after <paramref name="from"/>, once recorded.</summary>
    public Task<T> NthAsync<T>(int n, int from = 0)
        where T : class =>
        UntilAsync(events => events.Skip(from).OfType<T>().Skip(n - 1).FirstOrDefault(), $"{n} × {typeof(T).Name}");

    private async Task<T> UntilAsync<T>(Func<IEnumerable<object>, T?> probe, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            Task recorded;
            lock (_gate)
            {
                if (probe(_events) is { } found)
                {
                    return found;
                }

                recorded = _recorded.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await Completes(recorded, left))
            {
                throw new TimeoutException($"timed out waiting for {what}; recorded: {Describe()}");
            }
        }
    }

    void IAgentLoopListener.RegistryApplied(RegistryUpdate update) => Add(update);

    void IAgentLoopListener.RegistryRejected(RegistryRejection rejection) => Add(rejection);

    void IAgentLoopListener.PassCompleted(PassCompletion pass) => Add(pass);

    void IAgentLoopListener.ApplyLockHeld(LockHeldException error, TimeSpan retryIn) => Add(new LockHeldSeen(error, retryIn));

    void IAgentLoopListener.InputsUnchanged(string service, string hash) => Add(new InputsUnchangedSeen(service, hash));

    private static async Task<bool> Completes(Task task, TimeSpan within)
    {
        try
        {
            await task.WaitAsync(within);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void Add(object recorded)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            _events.Add(recorded);
            done = _recorded;
            _recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.TrySetResult();
    }

    private string Describe()
    {
        lock (_gate)
        {
            return string.Join("; ", _events.Select(e => e switch
            {
                PassCompletion p => $"pass [{string.Join(",", p.Services)}]{(p.Error is null ? "" : " error " + p.Error.Message)}",
                RegistryUpdate u => $"registry r{u.Revision}",
                RegistryRejection r => $"rejected ({r.Error.Message})",
                _ => e.ToString(),
            }));
        }
    }
}

/// <summary><see cref="IAgentLoopListener.ApplyLockHeld"/>, recorded.</summary>
internal sealed record LockHeldSeen(LockHeldException Error, TimeSpan RetryIn);

/// <summary><see cref="IAgentLoopListener.InputsUnchanged"/>, recorded.</summary>
internal sealed record InputsUnchangedSeen(string Service, string Hash);
