using Driftless.Core.Convergence;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.State;

namespace Driftless.Cli;

/// <summary>
/// Everything one command run needs, composed in one place: the loaded registry, the runtime,
/// the state store (and, for apply, the lock held for the whole run).
/// </summary>
internal sealed class CommandSession : IAsyncDisposable
{
    private readonly ApplyLock? _lock;

    private CommandSession(CliHost host, DriftlessRegistry registry, IContainerRuntime runtime, IStateStore store, ApplyLock? applyLock)
    {
        Host = host;
        Registry = registry;
        Runtime = runtime;
        Store = store;
        _lock = applyLock;
        Pass = new ConvergencePass(runtime, host.Http, store, host.Time, host.Loggers);
    }

    public CliHost Host { get; }

    public DriftlessRegistry Registry { get; }

    public IStateStore Store { get; }

    public IContainerRuntime Runtime { get; }

    /// <summary>The pipeline every command runs: plan for <c>plan</c>/<c>status</c>, apply for <c>apply</c>.</summary>
    public IConvergencePass Pass { get; }

    /// <param name="readsState">False for a command that reads no state (<c>check</c>): state.db is not opened, so a damaged one does not stop it.</param>
    public static async Task<CommandSession> OpenAsync(CliHost host, string registryPath, bool forApply, CancellationToken cancellationToken, bool readsState = true)
    {
        var registry = await new RegistryLoader().LoadAsync(registryPath, cancellationToken);
        var runtime = host.Runtime();
        ApplyLock? applyLock = null;
        try
        {
            if (forApply)
            {
                // An unreachable engine must not leave a lock or a fresh state.db behind.
                await runtime.PingAsync(cancellationToken);
                applyLock = ApplyLock.Acquire(registry.StateDirectory);
            }

            var store = readsState || forApply
                ? await SqliteStateStore.OpenAsync(registry.StateDirectory, readOnly: !forApply, cancellationToken)
                : SqliteStateStore.Unopened(registry.StateDirectory);
            return new CommandSession(host, registry, runtime, store, applyLock);
        }
        catch
        {
            applyLock?.Dispose();
            (runtime as IDisposable)?.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        (Runtime as IDisposable)?.Dispose();
        _lock?.Dispose();
    }
}
