namespace Driftless.Core.Errors;

/// <summary>The process exit codes documented in the README. One table, used by every command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int ApplyFailed = 1;
    public const int Pending = 2;
    public const int Usage = 64;
    public const int InvalidInput = 65;
    public const int EngineUnreachable = 69;
    public const int LockHeld = 75;
}
