using Microsoft.Extensions.Hosting;

namespace Driftless.Configuration.Modules;

/// <summary>In a hosted app, subscribes the module reconfiguration to the reloaders at startup and detaches it at shutdown.</summary>
internal sealed class DriftlessModulesActivator(ModuleReloadSubscription subscription) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => subscription.StopAsync(cancellationToken);
}
