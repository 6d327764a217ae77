namespace Driftless.Core.Registry;

// TEMPORARY stand-in until the registry/hashing branch lands (replaced on merge).
public static class InputResolver
{
    public static InputSpec Resolve(string declared, string baseDirectory)
    {
        var full = Path.GetFullPath(declared, baseDirectory);
        return new InputSpec(declared, full, Directory.Exists(full) ? InputKind.Directory : InputKind.File);
    }
}
