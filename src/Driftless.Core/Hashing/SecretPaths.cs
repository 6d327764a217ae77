using Driftless.Core.Registry;

namespace Driftless.Core.Hashing;

/// <summary>
/// Which files belong to secret inputs: a file is secret when its logical path (as reached from the input, the
/// path the host side hashes and the container side maps) is a secret input or lies under one. Host and
/// container sides ask the same question of the same paths, so their digests compare.
/// </summary>
internal sealed class SecretPaths
{
    private readonly List<string> _roots;

    public SecretPaths(IEnumerable<InputSpec> inputs) =>
        _roots = inputs.Where(i => i.Secret).Select(i => Path.TrimEndingDirectorySeparator(Path.GetFullPath(i.FullPath))).ToList();

    public bool Any => _roots.Count > 0;

    public bool IsSecret(string logicalPath) => _roots.Exists(root =>
        logicalPath.Equals(root, StringComparison.Ordinal)
        || (logicalPath.StartsWith(root, StringComparison.Ordinal) && logicalPath.Length > root.Length && logicalPath[root.Length] == Path.DirectorySeparatorChar));
}
