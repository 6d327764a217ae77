using Driftless.Core.Planning;

namespace Driftless.Agent.Control;

/// <summary>The agent as <c>GET /v1/status</c> shows it.</summary>
/// <param name="Registry">The registry file watched.</param>
/// <param name="Project">Its project.</param>
/// <param name="StartedAt">When the agent started.</param>
/// <param name="LastPassAt">When the last pass that ran finished; null before the first. A pass that failed as a whole does not move it.</param>
/// <param name="Watch"><c>inotify</c> or <c>poll</c> (after a fallback, <c>poll</c>).</param>
/// <param name="Services">One entry per registry service, in registry order.</param>
public sealed record AgentStatus(
    string Registry,
    string Project,
    DateTimeOffset StartedAt,
    DateTimeOffset? LastPassAt,
    string Watch,
    IReadOnlyList<ServiceStatus> Services)
{
    /// <summary>How many registries the agent has accepted: 1 after start, +1 per valid edit applied.</summary>
    public long RegistryRevision { get; init; }

    /// <summary>Why the newest registry edit was rejected (file:line:column: key: problem lines); null when the file in force is the newest.</summary>
    public string? RegistryError { get; init; }

    /// <summary>When <see cref="RegistryError"/> was found.</summary>
    public DateTimeOffset? RegistryErrorAt { get; init; }

    /// <summary>Why the newest pass failed as a whole (e.g. the container engine unreachable); null when it ran.</summary>
    public string? LastPassError { get; init; }

    /// <summary>When the pass of <see cref="LastPassError"/> ended; null with it.</summary>
    public DateTimeOffset? LastPassErrorAt { get; init; }
}

/// <summary>One service.</summary>
/// <param name="Name">Service name.</param>
/// <param name="Mode">Configured apply mode.</param>
/// <param name="Managed">Driftless owns the container (<c>managed:</c>).</param>
/// <param name="Phase">Pending (change in flight), Running, or Failed (its last attempt, or the last pass as a whole).</param>
/// <param name="Verdict">What the last pass saw (<see cref="Core.Planning.Verdict"/>); Unknown when it failed as a whole.</param>
/// <param name="ContainerId">The recorded (or found) container id.</param>
/// <param name="AppliedHash">Last verified content hash.</param>
/// <param name="DesiredHash">Content hash on the host at the last pass (null when the files could not be hashed).</param>
/// <param name="Error">The last failure, when <paramref name="Phase"/> is Failed.</param>
/// <param name="AppliedAt">When the last verified apply was recorded.</param>
/// <param name="RetryAt">When a Failed service is retried next (capped exponential backoff).</param>
public sealed record ServiceStatus(
    string Name,
    string Mode,
    bool Managed,
    ServicePhase Phase,
    Verdict Verdict,
    string? ContainerId,
    string? AppliedHash,
    string? DesiredHash,
    string? Error,
    DateTimeOffset? AppliedAt,
    DateTimeOffset? RetryAt)
{
    /// <summary>
    /// The reason recorded with the last failure, when <see cref="Phase"/> is Failed because of it: <c>check_failed</c>
    /// when the service's <c>check:</c> rejected the change, else e.g. the mode it escalated to; null otherwise.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>
    /// When the last attempt was rejected by the service's <c>check:</c>: the check's last output lines (a <c>${NAME}</c>
    /// value shown as its template); null otherwise.
    /// </summary>
    public string? CheckOutput { get; init; }
}
