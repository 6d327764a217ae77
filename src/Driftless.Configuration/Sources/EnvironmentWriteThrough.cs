using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Sources;

/// <summary>
/// Mirrors an env file into the process environment: sets changed and added variables, unsets removed ones,
/// then tells registered callbacks. Meant to be called by the reloader after a snapshot passed validation.
/// </summary>
public sealed class EnvironmentWriteThrough(ILogger<EnvironmentWriteThrough> logger)
{
    // The process environment is shared; the lock keeps one update (and its callbacks) from interleaving with another.
    private readonly Lock _gate = new();
    private readonly List<Action<IReadOnlyDictionary<string, string?>, IReadOnlyDictionary<string, string?>>> _callbacks = [];

    /// <summary>
    /// Registers a callback receiving the variables' old and new values (by variable name). Callbacks run in
    /// registration order, under the update lock; one that throws is logged and does not stop the others.
    /// </summary>
    /// <returns>Disposing it unregisters the callback.</returns>
    public IDisposable Register(Action<IReadOnlyDictionary<string, string?>, IReadOnlyDictionary<string, string?>> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            _callbacks.Add(callback);
        }

        return new Registration(this, callback);
    }

    /// <summary>Applies an env-file snapshot, mapping its keys back to variable names (<c>a:b</c> → <c>prefix + a__b</c>).</summary>
    /// <param name="previous">The snapshot last applied, or <see langword="null"/> on the first load.</param>
    /// <param name="next">The snapshot to apply.</param>
    /// <param name="prefix">Put before every variable name, as <see cref="EnvFileOptions.Prefix"/> does.</param>
    public void Apply(ConfigSnapshot? previous, ConfigSnapshot next, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(next);
        Apply(ToVariables(previous, prefix), ToVariables(next, prefix));
    }

    /// <summary>Sets every variable in <paramref name="newValues"/> whose value differs from the environment's and unsets those only in <paramref name="oldValues"/>.</summary>
    public void Apply(IReadOnlyDictionary<string, string?> oldValues, IReadOnlyDictionary<string, string?> newValues)
    {
        ArgumentNullException.ThrowIfNull(oldValues);
        ArgumentNullException.ThrowIfNull(newValues);
        lock (_gate)
        {
            var set = 0;
            var unset = 0;
            foreach (var (name, value) in newValues)
            {
                if (!string.Equals(Environment.GetEnvironmentVariable(name), value, StringComparison.Ordinal))
                {
                    Environment.SetEnvironmentVariable(name, value);
                    set++;
                }
            }

            foreach (var name in oldValues.Keys)
            {
                if (!newValues.ContainsKey(name))
                {
                    Environment.SetEnvironmentVariable(name, null);
                    unset++;
                }
            }

            Log.EnvironmentUpdated(logger, set, unset);
            foreach (var callback in _callbacks.ToArray())
            {
                try
                {
                    callback(oldValues, newValues);
                }
#pragma warning disable CA1031 // A subscriber's failure is theirs: log it and keep notifying the rest.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.EnvironmentCallbackFailed(logger, ex);
                }
            }
        }
    }

    private static Dictionary<string, string?> ToVariables(ConfigSnapshot? snapshot, string? prefix)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (snapshot is not null)
        {
            foreach (var (key, value) in snapshot.Values)
            {
                variables[EnvFileSource.ToVariable(key, prefix)] = value;
            }
        }

        return variables;
    }

    private void Unregister(Action<IReadOnlyDictionary<string, string?>, IReadOnlyDictionary<string, string?>> callback)
    {
        lock (_gate)
        {
            _callbacks.Remove(callback);
        }
    }

    private sealed class Registration(
        EnvironmentWriteThrough owner,
        Action<IReadOnlyDictionary<string, string?>, IReadOnlyDictionary<string, string?>> callback) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unregister(callback);
            }
        }
    }
}
