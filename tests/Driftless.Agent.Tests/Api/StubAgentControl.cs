using System.Collections.Concurrent;
using Driftless.Agent.Control;
using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Planning;

namespace Driftless.Agent.Tests.Api;

/// <summary>An <see cref="IAgentControl"/> with canned answers that records what the API asked of it.</summary>
internal sealed class StubAgentControl : IAgentControl
{
    public static readonly DateTimeOffset Started = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public static readonly ApplyEvent AppliedEvent = new(
        Started.AddMinutes(1), "web", "sha256:old", "sha256:new", ["configs/web/site.conf"], "reload_http",
        EventResult.Applied, 42, "c0ffee", null, null);

    public ConcurrentQueue<string?> Reconciled { get; } = new();

    public ConcurrentQueue<(string? Service, int Limit)> HistoryQueries { get; } = new();

    public bool ReconcileSucceeds { get; set; } = true;

    /// <summary>When set, a reconcile signals <see cref="ReconcileEntered"/> and then waits for this gate.</summary>
    public TaskCompletionSource? ReconcileGate { get; set; }

    public TaskCompletionSource ReconcileEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, <see cref="StatusAsync"/> throws it (how a failure inside the agent reaches the API).</summary>
    public Exception? StatusFailure { get; set; }

    /// <summary>When true, <see cref="StatusAsync"/> signals <see cref="StatusEntered"/> and waits for the request's cancellation.</summary>
    public bool StatusWaitsForCancellation { get; set; }

    public TaskCompletionSource StatusEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<AgentStatus> StatusAsync(CancellationToken cancellationToken)
    {
        if (StatusFailure is { } failure)
        {
            throw failure;
        }

        if (StatusWaitsForCancellation)
        {
            StatusEntered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return Status;
    }

    /// <summary>What <see cref="StatusAsync"/> answers (by default: two services and a rejected registry edit).</summary>
    public AgentStatus Status { get; set; } = DefaultStatus;

    private static AgentStatus DefaultStatus => new(
        "/srv/driftless.yaml",
        "demo",
        Started,
        null,
        "inotify",
        [
            new ServiceStatus("web", "reload_http", false, ServicePhase.Running, Verdict.InSync, "c0ffee", "sha256:new", "sha256:new", null, Started.AddMinutes(1), null),
            new ServiceStatus("gateway", "restart", true, ServicePhase.Failed, Verdict.ContainerMissing, null, null, "sha256:d", "start failed", null, Started.AddMinutes(2)),
        ])
    {
        RegistryRevision = 3,
        RegistryError = "/srv/driftless.yaml:4:3: services.web.mode: unknown mode 'relaod'",
        RegistryErrorAt = Started.AddMinutes(5),
    };

    public Task<IReadOnlyList<ApplyEvent>> HistoryAsync(string? service, int limit, CancellationToken cancellationToken)
    {
        HistoryQueries.Enqueue((service, limit));
        return Task.FromResult<IReadOnlyList<ApplyEvent>>([AppliedEvent]);
    }

    public async Task<ReconcileResult> ReconcileAsync(string? service, CancellationToken cancellationToken)
    {
        if (service is not null && service is not ("web" or "gateway"))
        {
            throw new DriftlessException(ErrorKind.UnknownService, $"unknown service '{service}'");
        }

        ReconcileEntered.TrySetResult();
        if (ReconcileGate is { } gate)
        {
            // Like an apply in flight: it does not observe the request's cancellation, it finishes.
            await gate.Task;
        }

        Reconciled.Enqueue(service);
        var outcome = ReconcileSucceeds ? AppliedEvent : AppliedEvent with { Result = EventResult.Failed, Error = "verify failed" };
        return new ReconcileResult(ReconcileSucceeds, [outcome]);
    }

    public AgentHealth HealthReport { get; set; } = AgentHealth.Ok;

    public AgentHealth Health() => HealthReport;
}
