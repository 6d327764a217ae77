using Driftless.Agent.Control;

namespace Driftless.Agent.Loop;

/// <summary>
/// What the next pass must cover. Triggers arriving while a pass runs land here and are coalesced into the
/// next pass (the union of their services).
/// </summary>
internal sealed class PassRequests
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _forced = new(StringComparer.Ordinal);
    private readonly List<PassWaiter> _waiters = [];
    private bool _all;
    private bool _allForced;

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return !_all && !_allForced && _forced.Count == 0 && _waiters.Count == 0;
            }
        }
    }

    /// <summary>Every service; <paramref name="force"/> false (the tick) leaves out services waiting out a backoff.</summary>
    public void AddAll(bool force)
    {
        lock (_gate)
        {
            _all = true;
            _allForced |= force;
        }
    }

    /// <summary>One service, at once (its inputs changed, or its backoff expired).</summary>
    public void Add(string service)
    {
        lock (_gate)
        {
            _forced.Add(service);
        }
    }

    public void AddWaiter(PassWaiter waiter)
    {
        lock (_gate)
        {
            if (waiter.Service is null)
            {
                _all = _allForced = true;
            }
            else
            {
                _forced.Add(waiter.Service);
            }

            _waiters.Add(waiter);
        }
    }

    public PassBatch Take()
    {
        lock (_gate)
        {
            var batch = new PassBatch(_all, _allForced, _forced.ToHashSet(StringComparer.Ordinal), _waiters.ToList());
            _all = _allForced = false;
            _forced.Clear();
            _waiters.Clear();
            return batch;
        }
    }

    /// <summary>Puts a batch that could not run (lock held) back, merged with what arrived since.</summary>
    public void Restore(PassBatch batch)
    {
        lock (_gate)
        {
            _all |= batch.All;
            _allForced |= batch.AllForced;
            _forced.UnionWith(batch.Forced);
            _waiters.AddRange(batch.Waiters);
        }
    }
}

/// <param name="All">Every service not waiting out a backoff.</param>
/// <param name="AllForced">Every service, backoff or not.</param>
/// <param name="Forced">These services, backoff or not.</param>
/// <param name="Waiters">API reconcile calls waiting for this pass.</param>
internal sealed record PassBatch(bool All, bool AllForced, IReadOnlySet<string> Forced, IReadOnlyList<PassWaiter> Waiters);

/// <summary>A reconcile call waiting for the pass that covers it.</summary>
internal sealed record PassWaiter(string? Service, TaskCompletionSource<ReconcileResult> Completion);
