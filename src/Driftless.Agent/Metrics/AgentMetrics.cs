using Driftless.Core.Events;
using Prometheus;

namespace Driftless.Agent.Metrics;

/// <summary>
/// The agent's Prometheus metrics, in a registry of its own (no process-wide static state, so several
/// agents in one test process do not share counters). Labels carry service, mode and result — never
/// content or secrets.
/// </summary>
public sealed class AgentMetrics
{
    private const string Accepted = "accepted";
    private const string Rejected = "rejected";
    private readonly Counter _applies;
    private readonly Counter _checks;
    private readonly Histogram _duration;
    private readonly Gauge _drift;
    private readonly Gauge _lastSuccess;
    private readonly Counter _registryReloads;
    private readonly Gauge _registryRevision;
    private readonly Gauge _registryReloadSuccessful;

    public AgentMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _applies = factory.CreateCounter(
            "driftless_applies_total",
            "Apply outcomes recorded by the agent, by service, mode actually used and result.",
            new CounterConfiguration { LabelNames = ["service", "mode", "result"] });
        _checks = factory.CreateCounter(
            "driftless_checks_total",
            "Runs of a service's check: before an apply, by service and result: passed, failed (non-zero exit), timed_out, error (could not run).",
            new CounterConfiguration { LabelNames = ["service", "result"] });
        _duration = factory.CreateHistogram(
            "driftless_apply_duration_seconds",
            "Time from the start of an apply to its verified (or failed) outcome.",
            new HistogramConfiguration
            {
                LabelNames = ["service", "mode"],
                Buckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
            });
        _drift = factory.CreateGauge(
            "driftless_drift",
            "1 when the last pass found the service not in sync (pending, drifted, not running, failed) or could not observe it (unknown), else 0.",
            new GaugeConfiguration { LabelNames = ["service"] });
        _lastSuccess = factory.CreateGauge(
            "driftless_last_success_timestamp_seconds",
            "Unix time of the service's last verified apply (applied, escalated or adopted).",
            new GaugeConfiguration { LabelNames = ["service"] });
        _registryReloads = factory.CreateCounter(
            "driftless_registry_reloads_total",
            "Edits of the registry file the agent read, by result: accepted (put in force) or rejected (the last good registry kept).",
            new CounterConfiguration { LabelNames = ["result"] });
        _registryRevision = factory.CreateGauge(
            "driftless_registry_revision",
            "Revision of the registry in force: 1 at start, +1 per accepted edit.");
        _registryReloadSuccessful = factory.CreateGauge(
            "driftless_registry_last_reload_successful",
            "1 when the registry file's newest content is in force, 0 while its newest edit is rejected.");

        // Exported from the start, so a rate() or an alert sees the series before the first edit.
        _registryReloads.WithLabels(Accepted);
        _registryReloads.WithLabels(Rejected);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Counts an outcome, and the check it ran. <c>started</c> and <c>noop</c> events are not outcomes and are ignored.</summary>
    public void Record(ApplyEvent applyEvent)
    {
        ArgumentNullException.ThrowIfNull(applyEvent);
        if (applyEvent.Result is EventResult.Started or EventResult.Noop)
        {
            return;
        }

        if (applyEvent.Check is { } check)
        {
            _checks.WithLabels(applyEvent.Service, check.Name()).Inc();
        }

        var mode = applyEvent.ModeUsed ?? applyEvent.Mode;
        var result = applyEvent.Result.ToString().ToLowerInvariant();
        _applies.WithLabels(applyEvent.Service, mode, result).Inc();
        _duration.WithLabels(applyEvent.Service, mode).Observe(applyEvent.DurationMs / 1000.0);
        if (applyEvent.Result is EventResult.Applied or EventResult.Escalated or EventResult.Adopted)
        {
            _lastSuccess.WithLabels(applyEvent.Service).Set(applyEvent.Ts.ToUnixTimeMilliseconds() / 1000.0);
        }
    }

    public void SetDrift(string service, bool drifted) => _drift.WithLabels(service).Set(drifted ? 1 : 0);

    /// <summary>A registry was put in force: <paramref name="revision"/> 1 at start (not a reload), then each accepted edit.</summary>
    public void RegistryApplied(long revision)
    {
        if (revision > 1)
        {
            _registryReloads.WithLabels(Accepted).Inc();
        }

        _registryRevision.Set(revision);
        _registryReloadSuccessful.Set(1);
    }

    /// <summary>An edit of the registry file was rejected; the revision in force stays.</summary>
    public void RegistryRejected()
    {
        _registryReloads.WithLabels(Rejected).Inc();
        _registryReloadSuccessful.Set(0);
    }

    /// <summary>Drops the gauges of a service that left the registry.</summary>
    public void Forget(string service)
    {
        _drift.RemoveLabelled(service);
        _lastSuccess.RemoveLabelled(service);
    }

    /// <summary>The Prometheus text exposition format.</summary>
    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) =>
        Registry.CollectAndExportAsTextAsync(destination, cancellationToken);
}
