namespace Driftless.Core.Registry;

public enum InputKind
{
    File,
    Directory,
}
