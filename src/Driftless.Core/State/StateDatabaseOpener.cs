using Driftless.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Driftless.Core.State;

/// <summary>Opens the connection behind <see cref="SqliteStateStore"/>, or says precisely why the state cannot be used.</summary>
internal static class StateDatabaseOpener
{
    // SQLITE_CANTOPEN.
    private const int CannotOpen = 14;

    public static async Task<SqliteConnection?> OpenAsync(string stateDirectory, string path, bool readOnly, CancellationToken cancellationToken)
    {
        var exists = StateDirectoryChecks.EnsureRegularFiles(path);
        if (readOnly && !exists)
        {
            return null;
        }

        if (!readOnly)
        {
            try
            {
                Directory.CreateDirectory(stateDirectory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw StateFailures.FromIo(stateDirectory, "cannot create it", e);
            }
        }

        var writeProblem = StateDirectoryChecks.WriteProblem(stateDirectory);
        if (!readOnly && writeProblem is not null)
        {
            throw StateFailures.NotWritable(stateDirectory, writeProblem);
        }

        SqliteConnection? connection = null;
        try
        {
            connection = new SqliteConnection(ConnectionString(path, readOnly, asOnDisk: readOnly && writeProblem is not null && !HasPendingLog(path)));
            await connection.OpenAsync(cancellationToken);
            await StateSchema.ExecuteAsync(connection, "PRAGMA busy_timeout = 5000;", cancellationToken);
            if (readOnly)
            {
                if (await StateSchema.EnsureReadableAsync(connection, path, cancellationToken) == 0)
                {
                    // A database no driftless ever wrote to (an empty file): as empty as no file at all.
                    await connection.DisposeAsync();
                    return null;
                }
            }
            else
            {
                await StateSchema.ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", cancellationToken);
                await StateSchema.MigrateAsync(connection, path, cancellationToken);
            }

            return connection;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or DriftlessException)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            throw e switch
            {
                DriftlessException known => known,
                SqliteException { SqliteErrorCode: CannotOpen } when readOnly && writeProblem is not null => StateFailures.NotWritable(
                    stateDirectory,
                    $"{writeProblem}; {path}-wal holds writes not yet in state.db, which cannot be read without writing beside it: run an apply once where the directory is writable"),
                SqliteException sqlite => StateFailures.FromSqlite(path, sqlite),
                _ => StateFailures.FromIo(stateDirectory, $"cannot open {path}", e),
            };
        }
    }

    /// <param name="asOnDisk">
    /// Read the file without locks or a shared-memory index (SQLite's <c>immutable</c>): the only way to read a
    /// WAL database in a directory where its <c>-shm</c> file cannot be created. Used only when nothing can write there.
    /// </param>
    private static string ConnectionString(string path, bool readOnly, bool asOnDisk) => new SqliteConnectionStringBuilder
    {
        DataSource = asOnDisk ? new Uri(path).AbsoluteUri + "?immutable=1" : path,
        Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
    }.ToString();

    /// <summary>A write-ahead log with content: transactions not yet in <c>state.db</c> itself, which an <c>immutable</c> read would miss.</summary>
    private static bool HasPendingLog(string path)
    {
        var log = new FileInfo(path + "-wal");
        return log.Exists && log.Length > 0;
    }
}
