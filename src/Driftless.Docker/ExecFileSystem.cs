using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Driftless.Core.Errors;
using Driftless.Core.Paths;
using Driftless.Core.Runtime;

namespace Driftless.Docker;

/// <summary>
/// Reads with exec inside the container (same mount namespace as its processes). Commands are argv
/// arrays, never a shell line. Needs <c>cat</c> and <c>find</c> in the image; <c>stat</c> is optional.
/// </summary>
internal sealed class ExecFileSystem(DockerClient client, string endpoint, string containerId) : IContainerFiles
{
    private readonly ContainerExec exec = new(client, endpoint, containerId);

    // busybox find -L does not detect symlink loops; a depth cap bounds them.
    private const string MaxDepth = "40";

    public ObservationMethod Method => ObservationMethod.Exec;

    /// <summary>The bytes come back whole through exec's output stream (cat has no partial reads to offer).</summary>
    public async Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["cat", "--", path], cancellationToken);
        if (result.CommandMissing)
        {
            throw new DriftlessException(
                ErrorKind.ApplyFailed,
                $"cannot read files of container {containerId[..Math.Min(12, containerId.Length)]} by exec: `cat` is not in its image ({result.Stderr.Trim()})");
        }

        return result.ExitCode == 0 ? new MemoryStream(result.Stdout, writable: false) : null;
    }

    public async Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["find", "-L", directory, "-maxdepth", MaxDepth, "-type", "f", "-print0"], cancellationToken);
        if (result.CommandMissing)
        {
            throw new DriftlessException(
                ErrorKind.ApplyFailed,
                $"cannot list files of container {containerId[..Math.Min(12, containerId.Length)]} by exec: `find` is not in its image");
        }

        // find exits non-zero for unreadable entries or loops yet still prints what it found.
        var files = Encoding.UTF8.GetString(result.Stdout)
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public async Task<IReadOnlyDictionary<string, FileIdentity>> IdentifyAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var identities = new Dictionary<string, FileIdentity>(StringComparer.Ordinal);
        if (paths.Count == 0)
        {
            return identities;
        }

        var result = await RunAsync(["stat", "-L", "-c", "%d:%i:%n", "--", .. paths], cancellationToken);
        if (result.CommandMissing)
        {
            return identities;
        }

        foreach (var line in Encoding.UTF8.GetString(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && ulong.TryParse(parts[0], out var device) && ulong.TryParse(parts[1], out var inode))
            {
                identities[parts[2]] = new FileIdentity(device, inode);
            }
        }

        return identities;
    }

    private Task<ExecResult> RunAsync(IList<string> argv, CancellationToken cancellationToken) => exec.RunAsync(argv, cancellationToken);
}
