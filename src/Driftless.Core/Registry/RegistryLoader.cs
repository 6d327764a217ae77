namespace Driftless.Core.Registry;

// TEMPORARY stand-in until the registry/hashing branch lands (replaced on merge).
public sealed class RegistryLoader
{
    public Task<DriftlessRegistry> LoadAsync(string path, CancellationToken cancellationToken) =>
        throw new NotImplementedException(path);
}
