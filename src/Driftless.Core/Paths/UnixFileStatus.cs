namespace Driftless.Core.Paths;

public readonly record struct UnixFileStatus(FileIdentity Identity, uint Mode)
{
    private const uint TypeMask = 0xF000;

    public bool IsDirectory => (Mode & TypeMask) == 0x4000;

    public bool IsRegularFile => (Mode & TypeMask) == 0x8000;

    public bool IsSymlink => (Mode & TypeMask) == 0xA000;

    /// <summary>Neither a regular file, a directory nor a symlink: a FIFO, socket or device, which has no content to hash.</summary>
    public bool IsSpecial => !IsDirectory && !IsRegularFile && !IsSymlink;

    /// <summary>What the file is, in words (for messages): "FIFO", "socket", "character device", ...</summary>
    public string TypeName => (Mode & TypeMask) switch
    {
        0x1000 => "FIFO",
        0x2000 => "character device",
        0x4000 => "directory",
        0x6000 => "block device",
        0x8000 => "regular file",
        0xA000 => "symlink",
        0xC000 => "socket",
        _ => "special file",
    };

    /// <summary><see cref="TypeName"/> with its article, for a sentence: "a FIFO", "a socket", "a directory", ...</summary>
    public string TypeNameWithArticle => "a " + TypeName;
}
