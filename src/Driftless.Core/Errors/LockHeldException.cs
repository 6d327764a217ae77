namespace Driftless.Core.Errors;

/// <summary>Another apply holds the state lock (exit 75).</summary>
public sealed class LockHeldException(string lockPath, int? holderPid)
    : DriftlessException(
        holderPid is { } pid
            ? $"another apply holds the lock {lockPath} (pid {pid})"
            : $"another apply holds the lock {lockPath}",
        ExitCodes.LockHeld)
{
    public int? HolderPid { get; } = holderPid;
}
