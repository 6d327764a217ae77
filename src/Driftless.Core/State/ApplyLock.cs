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
    private readonly FileStream _stream;
    private readonly string _pidPath;

    private ApplyLock(FileStream stream, string pidPath)
    {
        _stream = stream;
        _pidPath = pidPath;
    }

    public static ApplyLock Acquire(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var lockPath = Path.Combine(stateDirectory, "apply.lock");
        var pidPath = lockPath + ".pid";
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new LockHeldException(lockPath, ReadHolder(pidPath));
        }

        File.WriteAllText(pidPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new ApplyLock(stream, pidPath);
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
