using Driftless.Core.Convergence;
using Driftless.Core.State;
using Microsoft.Extensions.Logging;

namespace Driftless.Agent.Loop;

/// <summary>The state store of one state directory, and the pass built on it.</summary>
internal sealed class StateBinding : IAsyncDisposable
{
    private StateBinding(string stateDirectory, IStateStore store, IConvergencePass pass)
    {
        StateDirectory = stateDirectory;
        Store = store;
        Pass = pass;
    }

    public string StateDirectory { get; }

    public IStateStore Store { get; }

    public IConvergencePass Pass { get; }

    /// <exception cref="Core.Errors.DriftlessException">The state directory or its database cannot be used.</exception>
    public static async Task<StateBinding> OpenAsync(
        string stateDirectory, ConvergencePassFactory passFactory, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var store = await SqliteStateStore.OpenAsync(stateDirectory, readOnly: false, cancellationToken);
        try
        {
            return new StateBinding(stateDirectory, store, passFactory(store, time, loggers));
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
