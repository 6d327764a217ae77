namespace Driftless.Core.Errors;

/// <summary>Another apply holds the state lock.</summary>
public sealed class LockHeldException(string lockPath, int? holderPid)
    : DriftlessException(
        ErrorKind.LockHeld,
        holderPid is { } pid
            ? $"another apply holds the lock {lockPath} (pid {pid})"
            : $"another apply holds the lock {lockPath}")
{
    public int? HolderPid { get; } = holderPid;
}
