using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Driftless.Configuration.Reload;

/// <summary>Healthy while every reloader's latest reload succeeded; otherwise the failure status with the errors.</summary>
internal sealed class ConfigReloadHealthCheck(IEnumerable<ConfigReloader> reloaders) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var all = reloaders.ToList();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var reloader in all)
        {
            // Names, revisions and hashes only — never values.
            data[reloader.Source.Name] = reloader.IsStarted ? $"revision {reloader.Revision} {reloader.Current.Hash}" : "not started";
        }

        var failing = all.Where(r => r.LastError is not null).ToList();
        if (failing.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"{all.Count} configuration source(s) current", data));
        }

        var description = string.Join("; ", failing.Select(r => r.LastError!.Message));
        return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, description, failing[0].LastError, data));
    }
}
