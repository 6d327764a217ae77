using System.Globalization;
using System.Runtime.InteropServices;
using Driftless.Core.Errors;
using Driftless.Core.Paths;

namespace Driftless.Core.State;

/// <summary>
/// What a state directory can take, asked before anything depends on it: whether it can be written at all,
/// whether an apply has room to record what it does, and whether <c>state.db</c> is a file SQLite may open.
/// </summary>
internal static partial class StateDirectoryChecks
{
    /// <summary>
    /// The free space an apply needs in the state directory before it touches a container: a run's events and
    /// the write-ahead log they go through take tens of KiB per service, so a directory with less is "full".
    /// </summary>
    public const long MinimumFreeBytes = 1024 * 1024;

    private const int WriteOk = 2;

    /// <summary>
    /// Why this process may not create files in <paramref name="directory"/>, or null when it may
    /// (<c>access(2)</c>: a read-only mount answers no even to root, unlike a permission check). Null where it cannot be asked.
    /// </summary>
    public static string? WriteProblem(string directory) =>
        !OperatingSystem.IsLinux() || Access(directory, WriteOk) == 0 ? null : Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());

    /// <exception cref="DriftlessException">Kind StateNotWritable: less than <see cref="MinimumFreeBytes"/> free.</exception>
    public static void EnsureRoom(string stateDirectory)
    {
        long free;
        try
        {
            free = new DriveInfo(stateDirectory).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // A file system that cannot say how full it is: the writes themselves will tell.
            return;
        }

        if (free < MinimumFreeBytes)
        {
            throw StateFailures.NotWritable(
                stateDirectory,
                string.Create(CultureInfo.InvariantCulture, $"{free / 1024} KiB free; an apply needs at least {MinimumFreeBytes / 1024 / 1024} MiB to record what it does"));
        }
    }

    /// <summary>
    /// Refuses a <c>state.db</c> (or its <c>-wal</c>/<c>-shm</c>) that is not a regular file — a device such as
    /// <c>/dev/null</c>, a FIFO (opening it would hang), a socket, a directory, a dangling symbolic link —
    /// before SQLite opens it. Returns whether <c>state.db</c> exists.
    /// </summary>
    /// <exception cref="DriftlessException">Kind StateUnusable, with the recovery.</exception>
    public static bool EnsureRegularFiles(string databasePath)
    {
        if (!OperatingSystem.IsLinux())
        {
            return File.Exists(databasePath);
        }

        var exists = false;
        foreach (var path in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
        {
            if (!UnixFileStat.TryGet(path, followSymlinks: false, out var entry))
            {
                continue;
            }

            exists |= path == databasePath;
            var name = path == databasePath ? "it" : Path.GetFileName(path);
            if (!UnixFileStat.TryGet(path, followSymlinks: true, out var target))
            {
                throw StateFailures.Damaged(databasePath, $"{name} is a symbolic link to {File.ResolveLinkTarget(path, returnFinalTarget: false)?.FullName}, which does not exist");
            }

            if (!target.IsRegularFile)
            {
                var link = entry.IsSymlink ? $" a symbolic link to {File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName}," : string.Empty;
                throw StateFailures.Damaged(databasePath, $"{name} is{link} {target.TypeNameWithArticle}, not a regular file");
            }
        }

        return exists;
    }


    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);
}
