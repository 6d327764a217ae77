using System.Runtime.InteropServices;

namespace Driftless.Core.Paths;

/// <summary>
/// Kernel file systems whose "regular" files are generated on read (<c>/proc/self/environ</c> reports size 0 yet
/// holds the environment): they are no configuration, and what they hold differs per reading process, so the
/// host's bytes say nothing about what a container's process reads there.
/// </summary>
public static partial class PseudoFileSystems
{
    private static readonly Dictionary<long, string> Magics = new()
    {
        [0x9fa0] = "proc",
        [0x62656572] = "sysfs",
        [0x63677270] = "cgroup2",
        [0x27e0eb] = "cgroup",
        [0x64626720] = "debugfs",
        [0x74726163] = "tracefs",
        [0x73636673] = "securityfs",
        [0x62656570] = "configfs",
        [0xcafe4a11] = "bpf",
    };

    /// <summary>The name of the pseudo file system <paramref name="path"/> lies on (symlinks followed); null for any other.</summary>
    public static string? Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // struct statfs starts with f_type, a word (a long on 64-bit Linux); 120 bytes cover the struct everywhere.
        Span<byte> buffer = stackalloc byte[256];
        int result;
        unsafe
        {
            fixed (byte* pointer = buffer)
            {
                result = StatFs(path, pointer);
            }
        }

        if (result != 0)
        {
            return null;
        }

        var type = IntPtr.Size == 8 ? MemoryMarshal.Read<long>(buffer) : MemoryMarshal.Read<int>(buffer);
        return Magics.GetValueOrDefault(type & 0xffffffff);
    }

    [LibraryImport("libc", EntryPoint = "statfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatFs(string path, byte* buffer);
}
