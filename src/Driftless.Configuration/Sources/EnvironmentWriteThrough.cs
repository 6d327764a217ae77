using Microsoft.Extensions.Logging;

namespace Driftless.Configuration.Sources;

/// <summary>
/// Writes one env file's variables to the process environment each time a load of it is published (with
/// <see cref="EnvFileOptions.WriteThroughToEnvironment"/>), then tells the registered callbacks.
/// </summary>
/// <remarks>
/// <para>
/// What is written: every variable the file assigns, by its name in the file (<see cref="EnvFileOptions.Prefix"/> only
/// filters what reaches the configuration). On the first load all are set; later, only the variables whose value in
/// the file was added or changed — a variable the file did not change is not rewritten, so a change the process made to
/// it since stays. A variable removed from the file gets back the value the process had before this file first set it,
/// or is unset if it had none: variables the process has from elsewhere are never unset by this file.
/// </para>
/// <para>
/// A load that fails or is rejected by validation writes nothing. The environment is updated before the configuration
/// publishes its change, so an <c>IOptionsMonitor</c> change handler already reads the new variables. The variables are
/// visible to <see cref="Environment.GetEnvironmentVariable(string)"/> and to child processes started with
/// <c>Process.Start</c>; on Linux, native code calling <c>getenv</c> keeps seeing the environment the process started with.
/// </para>
/// </remarks>
public sealed class EnvironmentWriteThrough
{
    // One update (and its callbacks) at a time, even when two reloaders share the source.
    private readonly Lock _gate = new();
    private readonly string _sourceName;
    private readonly List<Action<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>>> _callbacks = [];
    private readonly Dictionary<string, string?> _valuesBeforeThisFile = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, string> _written = new Dictionary<string, string>(StringComparer.Ordinal);

    internal EnvironmentWriteThrough(string sourceName) => _sourceName = sourceName;

    /// <summary>The variables (by name) as last written to the environment; empty before the first write.</summary>
    public IReadOnlyDictionary<string, string> Variables
    {
        get
        {
            lock (_gate)
            {
                return _written;
            }
        }
    }

    /// <summary>
    /// Registers a callback receiving the file's variables before and after an update that changed the environment
    /// (before is empty on the first). Callbacks run in registration order after the environment is updated, one update
    /// at a time; one that throws is logged and neither stops the others nor the reload. Must not block on a reload.
    /// </summary>
    /// <param name="callback">Called with the old and the new variables, by name.</param>
    /// <returns>Disposing it unregisters the callback.</returns>
    public IDisposable Register(Action<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            _callbacks.Add(callback);
        }

        return new Registration(this, callback);
    }

    /// <summary>Writes a published load's variables; never throws (a failure is logged, the reload stands).</summary>
    internal void Apply(IReadOnlyDictionary<string, string> variables, ILogger logger)
    {
        lock (_gate)
        {
            var old = _written;
            int set, restored;
            try
            {
                (set, restored) = Write(old, variables);
            }
#pragma warning disable CA1031 // The reload is already published; a failure here is logged, never thrown into it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // Not recorded as written: the next published load writes every variable that differs from the last good write.
                Log.EnvironmentUpdateFailed(logger, _sourceName, ex);
                return;
            }

            _written = variables;
            Log.EnvironmentUpdated(logger, _sourceName, set, restored);
            if (set + restored > 0)
            {
                Subscribers.InvokeEach(_callbacks.ToArray(), c => c(old, variables), ex => Log.EnvironmentCallbackFailed(logger, _sourceName, ex));
            }
        }
    }

    private (int Set, int Restored) Write(IReadOnlyDictionary<string, string> old, IReadOnlyDictionary<string, string> variables)
    {
        var set = 0;
        foreach (var (name, value) in variables)
        {
            if (old.TryGetValue(name, out var previous) && string.Equals(previous, value, StringComparison.Ordinal))
            {
                continue;
            }

            // Remembered once, at the first write: what removing the variable from the file gives back.
            if (!_valuesBeforeThisFile.ContainsKey(name))
            {
                _valuesBeforeThisFile[name] = Environment.GetEnvironmentVariable(name);
            }

            Environment.SetEnvironmentVariable(name, value);
            set++;
        }

        var restored = 0;
        foreach (var name in old.Keys)
        {
            if (!variables.ContainsKey(name) && _valuesBeforeThisFile.Remove(name, out var before))
            {
                Environment.SetEnvironmentVariable(name, before);
                restored++;
            }
        }

        return (set, restored);
    }

    private void Unregister(Action<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> callback)
    {
        lock (_gate)
        {
            _callbacks.Remove(callback);
        }
    }

    private sealed class Registration(
        EnvironmentWriteThrough owner,
        Action<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> callback) : IDisposable
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
