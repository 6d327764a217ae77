namespace Driftless.Core.Doctor;

/// <summary>The stable <see cref="DoctorFinding.Code"/> values (documented in docs/json-output.md).</summary>
internal static class DoctorCodes
{
    public const string SingleFileMount = "single_file_mount";
    public const string InputNotMounted = "input_not_mounted";
    public const string InputOutsideRegistry = "input_outside_registry";
    public const string ContainerMissing = "container_missing";
    public const string ContainerNotRunning = "container_not_running";
    public const string ReloadUnreachable = "reload_unreachable";
    public const string SignalNotForwarded = "signal_not_forwarded";
    public const string CheckSuggested = "check_suggested";
}
