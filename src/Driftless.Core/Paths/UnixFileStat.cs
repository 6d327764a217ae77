using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Driftless.Core.Paths;

/// <summary>
/// stat through libc's <c>statx</c>: unlike <c>struct stat</c>, its layout is the same on every
/// architecture, and .NET exposes no inode number.
/// </summary>
public static partial class UnixFileStat
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;

    /// <summary>Status of <paramref name="path"/>; false when it does not exist or cannot be stat'ed.</summary>
    public static bool TryGet(string path, bool followSymlinks, out UnixFileStatus status)
    {
        status = default;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[StatxSize];
        int result;
        unsafe
        {
            fixed (byte* pointer = buffer)
            {
                result = Statx(AtFdCwd, path, followSymlinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, pointer);
            }
        }

        if (result != 0)
        {
            return false;
        }

        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]);
        var devMajor = BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]);
        var devMinor = BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]);
        status = new UnixFileStatus(FileIdentity.FromMajorMinor(devMajor, devMinor, inode), mode);
        return true;
    }

    public static FileIdentity? Identity(string path) =>
        TryGet(path, followSymlinks: true, out var status) ? status.Identity : null;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
