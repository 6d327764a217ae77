using System.Runtime.InteropServices;
using Driftless.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Driftless.Core.State;

/// <summary>
/// The errors of a state directory, each written for the operator: what cannot be used, and what to do.
/// A damaged <c>state.db</c> is <see cref="ErrorKind.StateUnusable"/> with the recovery; a directory that
/// cannot take a write is <see cref="ErrorKind.StateNotWritable"/> — never <see cref="ErrorKind.LockHeld"/>,
/// which callers read as "retry later".
/// </summary>
internal static class StateFailures
{
    // errno values (Linux) that mean "this directory cannot take a write".
    private const int PermissionDenied = 1;
    private const int AccessDenied = 13;
    private const int NoSpace = 28;
    private const int ReadOnlyFileSystem = 30;
    private const int QuotaExceeded = 122;

    // SQLite primary result codes.
    private const int SqliteReadOnly = 8;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteNotADatabase = 26;

    /// <summary>What to do with a damaged state database: the next apply rebuilds the record from what the containers run.</summary>
    public const string Recovery =
        "to recover, move it and its -wal/-shm files aside: the next apply starts a fresh state and adopts the containers already running the desired content";

    public static DriftlessException Damaged(string databasePath, string problem, Exception? inner = null) =>
        new(ErrorKind.StateUnusable, $"the state database {databasePath} is unusable ({problem}); {Recovery}", inner);

    public static DriftlessException NotWritable(string stateDirectory, string problem, Exception? inner = null) =>
        new(
            ErrorKind.StateNotWritable,
            $"the state directory {stateDirectory} cannot be written ({problem}): make it writable with free space, or point `state:` at another directory",
            inner);

    /// <summary>A failed file operation in the state directory, classified: no write possible, or something else.</summary>
    public static DriftlessException FromIo(string stateDirectory, string what, Exception e)
    {
        // .NET's text repeats the path ("Read-only file system : '/x/apply.lock'"); the errno's own text does not.
        var reason = e is IOException && e.HResult is > 0 and < 4096 ? Marshal.GetPInvokeErrorMessage(e.HResult) : e.Message;
        return e is UnauthorizedAccessException || e.HResult is PermissionDenied or AccessDenied or NoSpace or ReadOnlyFileSystem or QuotaExceeded
            ? NotWritable(stateDirectory, $"{what}: {reason}", e)
            : new DriftlessException(ErrorKind.StateUnusable, $"cannot use the state directory {stateDirectory} ({what}: {reason})", e);
    }

    /// <summary>A failed SQLite call, classified by its result code.</summary>
    public static DriftlessException FromSqlite(string databasePath, SqliteException e) => e.SqliteErrorCode switch
    {
        SqliteCorrupt or SqliteNotADatabase => Damaged(databasePath, Describe(e), e),
        SqliteFull or SqliteReadOnly => NotWritable(Path.GetDirectoryName(databasePath)!, $"{databasePath}: {Describe(e)}", e),
        _ => new DriftlessException(ErrorKind.StateUnusable, $"cannot use the state database {databasePath}: {Describe(e)}", e),
    };

    // Microsoft.Data.Sqlite's message is "SQLite Error 11: 'database disk image is malformed'."; the quoted part says it.
    private static string Describe(SqliteException e)
    {
        var start = e.Message.IndexOf('\'', StringComparison.Ordinal);
        var end = e.Message.LastIndexOf('\'');
        return start >= 0 && end > start ? e.Message[(start + 1)..end] : e.Message;
    }
}
