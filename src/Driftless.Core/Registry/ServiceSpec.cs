namespace Driftless.Core.Registry;

/// <summary>One service of the registry, validated.</summary>
/// <param name="Name">The compose service name (the registry key).</param>
/// <param name="Container">An explicit container name instead of compose labels, when given.</param>
/// <param name="Inputs">Files and directories whose content the service reads: <c>inputs:</c>, then <c>secrets:</c>, as written.</param>
/// <param name="Apply">How a change is applied.</param>
/// <param name="StopGrace">Grace before SIGKILL on restart; null: the container's own StopTimeout, else 10s.</param>
/// <param name="Verify">Verification settings.</param>
/// <param name="Line">1-based line of the service key in the registry file (for messages).</param>
public sealed record ServiceSpec(
    string Name,
    string? Container,
    IReadOnlyList<InputSpec> Inputs,
    ApplyMode Apply,
    TimeSpan? StopGrace,
    VerifySpec Verify,
    int Line = 0)
{
    /// <summary><c>reload:</c> — required for <c>apply: reload_http</c>.</summary>
    public ReloadSpec? Reload { get; init; }

    /// <summary><c>signal:</c> — required for <c>apply: signal</c>; normalised to <c>SIGHUP</c> form.</summary>
    public string? Signal { get; init; }

    /// <summary><c>exec:</c> — argv inside the container, required for <c>apply: exec</c>.</summary>
    public IReadOnlyList<string>? Exec { get; init; }

    /// <summary><c>fallback:</c> — the mode used when the primary mode cannot run (e.g. reload endpoint unreachable).</summary>
    public ApplyMode? Fallback { get; init; }

    /// <summary><c>on_stale_mount:</c> — what an in-place mode does when the process cannot see the new files.</summary>
    public StaleMountAction OnStaleMount { get; init; } = StaleMountAction.Restart;

    /// <summary><c>depends_on:</c> — services applied before this one.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary><c>managed:</c> — set when Driftless owns the container (creates, replaces, removes it) instead of compose.</summary>
    public ManagedSpec? Managed { get; init; }

    /// <summary><c>wait:</c> — this service's debounce for the agent; null: the registry's <see cref="AgentSettings.Wait"/>.</summary>
    public WaitSpec? Wait { get; init; }

    /// <summary><c>check:</c> — validates the new configuration before the apply mode runs; null: no check.</summary>
    public CheckSpec? Check { get; init; }
}
