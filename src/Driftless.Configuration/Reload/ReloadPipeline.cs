using Driftless.Configuration.Sources;
using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Reload;

/// <summary>
/// One source's last good snapshot and the steps that replace it: load a candidate, skip identical content, validate,
/// then publish — or reject the candidate, keep the last good snapshot and remember why.
/// </summary>
/// <remarks>The caller runs one load at a time; the published state may be read from any thread.</remarks>
internal sealed class ReloadPipeline
{
    private readonly IConfigSource _source;
    private readonly SnapshotValidators _validators;
    private readonly ILogger _logger;
    private readonly Action<ConfigSnapshot> _onAccepted;
    private readonly Action<ConfigSnapshot, ConfigSnapshot> _onPublished;
    private readonly Action<Exception> _onRejected;

    private ConfigSnapshot? _current;
    private Exception? _lastError;
    private long _revision;
    private long _attempts;

    /// <param name="onAccepted">Called with each snapshot once it is current (the first included), before <paramref name="onPublished"/>; must not throw.</param>
    /// <param name="onPublished">Called with the previous and the new snapshot after a publish.</param>
    /// <param name="onRejected">Called with the reason after a rejected reload.</param>
    /// <param name="source">Loads candidates.</param>
    /// <param name="validators">Run on every candidate before it is published.</param>
    /// <param name="logger">Where loads and rejections are logged (names and hashes only).</param>
    public ReloadPipeline(
        IConfigSource source,
        SnapshotValidators validators,
        ILogger logger,
        Action<ConfigSnapshot> onAccepted,
        Action<ConfigSnapshot, ConfigSnapshot> onPublished,
        Action<Exception> onRejected)
    {
        _source = source;
        _validators = validators;
        _logger = logger;
        _onAccepted = onAccepted;
        _onPublished = onPublished;
        _onRejected = onRejected;
    }

    public ConfigSnapshot? Current => Volatile.Read(ref _current);

    public Exception? LastError => Volatile.Read(ref _lastError);

    public long Revision => Interlocked.Read(ref _revision);

    /// <summary>Reloads that ran to an outcome (published, unchanged or rejected).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>
    /// Publishes revision 1 unless a snapshot already is. Throws whatever the load or a validator throws, and
    /// <see cref="ConfigValidationException"/> for failures: the first load has no last good snapshot to keep.
    /// </summary>
    public async Task LoadFirstAsync(CancellationToken cancellationToken)
    {
        if (_current is not null)
        {
            return;
        }

        var first = await _source.LoadAsync(cancellationToken);
        var failures = _validators.Run(first);
        if (failures.Count > 0)
        {
            throw new ConfigValidationException(_source.Name, first.Hash, failures);
        }

        Volatile.Write(ref _current, first);
        Interlocked.Exchange(ref _revision, 1);
        Log.Loaded(_logger, _source.Name, first.Hash, 1);
        _onAccepted(first);
    }

    /// <summary>Returns whether a new snapshot was published; only cancellation escapes.</summary>
    public async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReloadOnceAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _attempts);
        }
    }

    private async Task<bool> ReloadOnceAsync(CancellationToken cancellationToken)
    {
        if (_current is not { } current)
        {
            return false; // the first load failed or has not happened; LoadFirstAsync owns that case
        }

        if (await LoadCandidateAsync(current, cancellationToken) is not { } candidate || IsUnchanged(current, candidate))
        {
            return false;
        }

        var failures = Validate(candidate);
        if (failures.Count > 0)
        {
            Reject(current, new ConfigValidationException(_source.Name, candidate.Hash, failures));
            return false;
        }

        cancellationToken.ThrowIfCancellationRequested();
        Publish(current, candidate);
        return true;
    }

    private async Task<ConfigSnapshot?> LoadCandidateAsync(ConfigSnapshot current, CancellationToken cancellationToken)
    {
        try
        {
            return await _source.LoadAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Missing or half-written file: keep the last good snapshot (never publish empty config).
            Reject(current, ex);
            return null;
        }
    }

    private bool IsUnchanged(ConfigSnapshot current, ConfigSnapshot candidate)
    {
        if (!string.Equals(candidate.Hash, current.Hash, StringComparison.Ordinal))
        {
            return false;
        }

        // Identical bytes are not a change; if a bad save was reverted, the error no longer applies.
        if (Interlocked.Exchange(ref _lastError, null) is not null)
        {
            Log.Recovered(_logger, _source.Name, current.Hash);
        }
        else
        {
            Log.Unchanged(_logger, _source.Name, current.Hash);
        }

        return true;
    }

    private List<string> Validate(ConfigSnapshot candidate)
    {
        try
        {
            return _validators.Run(candidate);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, _source.Name, "validator", ex);
            return [$"a validator threw {ex.GetType().Name}"];
        }
    }

    // Readers see either the old or the new snapshot, never a mix.
    private void Publish(ConfigSnapshot current, ConfigSnapshot candidate)
    {
        Volatile.Write(ref _current, candidate);
        var revision = Interlocked.Increment(ref _revision);
        Volatile.Write(ref _lastError, null);
        Log.Published(_logger, _source.Name, current.Hash, candidate.Hash, revision);
        _onAccepted(candidate);
        _onPublished(current, candidate);
    }

    private void Reject(ConfigSnapshot current, Exception error)
    {
        Volatile.Write(ref _lastError, error);
        Log.ReloadRejected(_logger, _source.Name, current.Hash, Revision, error);
        _onRejected(error);
    }
}
