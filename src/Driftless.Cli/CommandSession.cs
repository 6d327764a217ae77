using Driftless.Core.Execution;
using Driftless.Core.Hashing;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.State;
using Microsoft.Extensions.Logging;

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
    }

    public CliHost Host { get; }

    public DriftlessRegistry Registry { get; }

    public IStateStore Store { get; }

    public IContainerRuntime Runtime { get; }

    public static async Task<CommandSession> OpenAsync(CliHost host, string registryPath, bool forApply, CancellationToken cancellationToken)
    {
        var registry = await new RegistryLoader().LoadAsync(registryPath, cancellationToken);
        var runtime = host.CreateRuntime(host.Loggers);
        ApplyLock? applyLock = null;
        try
        {
            if (forApply)
            {
                // An unreachable engine must not leave a lock or a fresh state.db behind.
                await runtime.PingAsync(cancellationToken);
                applyLock = ApplyLock.Acquire(registry.StateDirectory);
            }

            var store = await SqliteStateStore.OpenAsync(registry.StateDirectory, readOnly: !forApply, cancellationToken);
            return new CommandSession(host, registry, runtime, store, applyLock);
        }
        catch
        {
            applyLock?.Dispose();
            (runtime as IDisposable)?.Dispose();
            throw;
        }
    }

    public Task<Plan> PlanAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken) =>
        new PlanGatherer(Runtime, new ContentHasher()).GatherAsync(Registry, Store, services, cancellationToken);

    public Executor CreateExecutor() => new(
        ApplyStrategies.For(Runtime, Host.Http),
        new Verifier(Runtime, Host.Http, Host.Time),
        Store,
        Host.Time,
        Host.Loggers.CreateLogger<Executor>(),
        Runtime);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        (Runtime as IDisposable)?.Dispose();
        _lock?.Dispose();
    }
}
