namespace Driftless.Core.Registry;

/// <summary>What an in-place mode does when the process cannot see the new files (<c>on_stale_mount</c>).</summary>
public enum StaleMountAction
{
    /// <summary>Escalate to a restart (default): re-resolves single-file mounts.</summary>
    Restart,

    /// <summary>Escalate to a compose recreate.</summary>
    Recreate,

    /// <summary>Do not escalate: the service fails, nothing is touched.</summary>
    Fail,
}
