namespace Driftless.Core.Registry;

/// <summary>One service of the registry, validated.</summary>
/// <param name="Name">The compose service name (the registry key).</param>
/// <param name="Container">An explicit container name instead of compose labels, when given.</param>
/// <param name="Inputs">Files and directories whose content the service reads.</param>
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
    int Line = 0);
