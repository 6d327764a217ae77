using Driftless.Agent.Control;
using Driftless.Core.Registry;

namespace Driftless.Agent.Loop;

/// <summary>
/// What the next pass must cover. Requests arriving while a pass runs accumulate here and are coalesced into
/// the next pass (the union of their services). Not thread-safe: <see cref="PassScheduler"/> guards it.
/// </summary>
internal sealed class PassRequests
{
    private readonly HashSet<string> _forced = new(StringComparer.Ordinal);
    private readonly List<PassWaiter> _waiters = [];
    private bool _all;
    private bool _allForced;

    public bool IsEmpty => !_all && !_allForced && _forced.Count == 0 && _waiters.Count == 0;

    /// <summary>Every service; <paramref name="force"/> false (the tick) leaves out services backing off or settling.</summary>
    public void AddAll(bool force)
    {
        _all = true;
        _allForced |= force;
    }

    /// <summary>One service, at once (its inputs changed, or its backoff expired).</summary>
    public void Add(string service) => _forced.Add(service);

    public void AddWaiter(PassWaiter waiter)
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

    public PassBatch Take()
    {
        var batch = new PassBatch(_all, _allForced, _forced.ToHashSet(StringComparer.Ordinal), _waiters.ToList());
        _all = _allForced = false;
        _forced.Clear();
        _waiters.Clear();
        return batch;
    }

    /// <summary>Puts a batch that could not run (lock held) back, merged with what arrived since.</summary>
    public void Restore(PassBatch batch)
    {
        _all |= batch.All;
        _allForced |= batch.AllForced;
        _forced.UnionWith(batch.Forced);
        _waiters.AddRange(batch.Waiters);
    }
}

/// <param name="All">Every service not backing off and not settling.</param>
/// <param name="AllForced">Every service, backoff or not.</param>
/// <param name="Forced">These services, backoff or not.</param>
/// <param name="Waiters">API reconcile calls waiting for this pass.</param>
internal sealed record PassBatch(bool All, bool AllForced, IReadOnlySet<string> Forced, IReadOnlyList<PassWaiter> Waiters)
{
    /// <summary>The services to pass, in registry order.</summary>
    /// <param name="registry">The registry in force.</param>
    /// <param name="leftOut">True for a service an unforced request (the tick) must leave alone: backing off, or its file changes still settling.</param>
    public IReadOnlyList<string> Select(DriftlessRegistry registry, Func<string, bool> leftOut) => registry.Services
        .Select(s => s.Name)
        .Where(name => AllForced || Forced.Contains(name) || (All && !leftOut(name)))
        .ToList();
}

/// <summary>A reconcile call waiting for the pass that covers it.</summary>
internal sealed record PassWaiter(string? Service, TaskCompletionSource<ReconcileResult> Completion);
