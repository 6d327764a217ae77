namespace Driftless.Core.Errors;

/// <summary>
/// What went wrong, as a caller must react to it. Core raises kinds, never exit codes or HTTP statuses:
/// the CLI maps a kind to its exit code in one place, the HTTP APIs map it to a status in one place.
/// </summary>
public enum ErrorKind
{
    /// <summary>A command, option or request was used wrongly (bad argument, bad address).</summary>
    Usage,

    /// <summary>A service named by the caller is not in the registry.</summary>
    UnknownService,

    /// <summary>The registry file is missing, malformed or names something that cannot be used.</summary>
    InvalidRegistry,

    /// <summary>An input or a value the registry points at cannot be used (missing file, symlink loop, unset variable, unreadable token).</summary>
    InvalidInput,

    /// <summary>The container engine did not answer.</summary>
    EngineUnreachable,

    /// <summary>Another apply holds the state lock.</summary>
    LockHeld,

    /// <summary>The state directory or its database cannot be opened, read or written.</summary>
    StateUnusable,

    /// <summary>The state directory cannot be written (read-only file system, no permission, too little free space): nothing can be recorded.</summary>
    StateNotWritable,

    /// <summary>A file the caller asked the command to write (<c>--events FILE</c>) cannot be created or written.</summary>
    OutputNotWritable,

    /// <summary>An apply mode could not run or was refused (the engine, compose or the service said no).</summary>
    ApplyFailed,

    /// <summary>The agent cannot bind its listen address (in use, not permitted).</summary>
    CannotListen,
}
