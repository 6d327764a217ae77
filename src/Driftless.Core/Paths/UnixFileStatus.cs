namespace Driftless.Core.Paths;

public readonly record struct UnixFileStatus(FileIdentity Identity, uint Mode)
{
    private const uint TypeMask = 0xF000;

    public bool IsDirectory => (Mode & TypeMask) == 0x4000;

    public bool IsRegularFile => (Mode & TypeMask) == 0x8000;

    public bool IsSymlink => (Mode & TypeMask) == 0xA000;
}
