using System.Globalization;
using Driftless.Core.Errors;

namespace Driftless.Core.State;

/// <summary>
/// One apply at a time per state directory. The lock is an exclusive flock on <c>apply.lock</c>
/// (what .NET's FileShare.None maps to on Unix), so it is released by the kernel when the holder dies:
/// a crash never leaves a stale lock. The holder's PID goes to <c>apply.lock.pid</c> for the message.
/// </summary>
public sealed class ApplyLock : IDisposable
{
    // EWOULDBLOCK (Linux): what .NET reports when flock finds the file locked.
    private const int WouldBlock = 11;

    private readonly FileStream _stream;
    private readonly string _pidPath;

    private ApplyLock(FileStream stream, string pidPath)
    {
        _stream = stream;
        _pidPath = pidPath;
    }

    /// <summary>
    /// Takes the lock, then makes sure the apply it guards can record what it does: the directory takes a write
    /// (the pid file) and has <see cref="StateDirectoryChecks.MinimumFreeBytes"/> free. So an apply that could not
    /// record its outcome never starts — no container is touched.
    /// </summary>
    /// <exception cref="LockHeldException">Another live process holds the lock (and only then).</exception>
    /// <exception cref="DriftlessException">Kind StateNotWritable: read-only, no permission, too little space; kind StateUnusable: anything else.</exception>
    public static ApplyLock Acquire(string stateDirectory)
    {
        var lockPath = Path.Combine(stateDirectory, "apply.lock");
        var pidPath = lockPath + ".pid";
        FileStream stream;
        try
        {
            Directory.CreateDirectory(stateDirectory);
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e.HResult == WouldBlock)
        {
            // flock said another open file holds it: a live process (the kernel drops a dead one's lock).
            throw new LockHeldException(lockPath, ReadHolder(pidPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StateFailures.FromIo(stateDirectory, $"cannot take the lock {lockPath}", e);
        }

        try
        {
            StateDirectoryChecks.EnsureRoom(stateDirectory);
            File.WriteAllText(pidPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            return new ApplyLock(stream, pidPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            throw StateFailures.FromIo(stateDirectory, $"cannot write {pidPath}", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_pidPath);
        }
        catch (IOException)
        {
            // The flock is what matters; a leftover pid file is only informational.
        }

        _stream.Dispose();
    }

    private static int? ReadHolder(string pidPath)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidPath).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
