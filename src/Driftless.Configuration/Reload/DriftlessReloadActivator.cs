using Microsoft.Extensions.Hosting;

namespace Driftless.Configuration.Reload;

/// <summary>In a hosted app, wires reload validation at startup even if nothing resolves a reloader.</summary>
internal sealed class DriftlessReloadActivator(DriftlessReloadWiring wiring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(wiring);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
