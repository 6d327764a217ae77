using Driftless.Core.Errors;

namespace Driftless.Cli;

/// <summary>The process exit codes documented in the README, and the one place an error kind becomes one.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int ApplyFailed = 1;
    public const int Pending = 2;
    public const int Usage = 64;
    public const int InvalidInput = 65;
    public const int EngineUnreachable = 69;
    public const int InternalError = 70;
    public const int StateNotWritable = 73;
    public const int StateUnusable = 74;
    public const int LockHeld = 75;
    public const int Interrupted = 130;

    public static int For(ErrorKind kind) => kind switch
    {
        ErrorKind.Usage or ErrorKind.UnknownService or ErrorKind.CannotListen => Usage,
        ErrorKind.InvalidRegistry or ErrorKind.InvalidInput => InvalidInput,
        ErrorKind.EngineUnreachable => EngineUnreachable,
        ErrorKind.LockHeld => LockHeld,
        ErrorKind.StateUnusable => StateUnusable,
        ErrorKind.StateNotWritable or ErrorKind.OutputNotWritable => StateNotWritable,
        ErrorKind.ApplyFailed => ApplyFailed,
        _ => InternalError,
    };
}
