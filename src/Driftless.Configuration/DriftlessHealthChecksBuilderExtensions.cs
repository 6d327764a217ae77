using Driftless.Configuration.Reload;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Driftless.Configuration;

/// <summary>Adds the Driftless configuration health check to an <see cref="IHealthChecksBuilder"/>.</summary>
public static class DriftlessHealthChecksBuilderExtensions
{
    /// <summary>
    /// Reports Healthy while every registered <see cref="ConfigReloader"/>'s latest reload succeeded, otherwise
    /// <paramref name="failureStatus"/> (default Degraded: the last good configuration is still served) with the error.
    /// </summary>
    public static IHealthChecksBuilder AddDriftless(
        this IHealthChecksBuilder builder,
        string name = "driftless-configuration",
        HealthStatus failureStatus = HealthStatus.Degraded,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name, sp => new ConfigReloadHealthCheck(sp.GetServices<ConfigReloader>()), failureStatus, tags));
    }
}
