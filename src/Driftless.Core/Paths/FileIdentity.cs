namespace Driftless.Core.Paths;

/// <summary>A file's (device, inode): equal identities are the same file, whatever the path.</summary>
/// <param name="Device">st_dev in the kernel's encoding (what <c>stat -c %d</c> prints).</param>
public readonly record struct FileIdentity(ulong Device, ulong Inode)
{
    public static FileIdentity FromMajorMinor(uint major, uint minor, ulong inode) =>
        new(((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff), inode);
}
