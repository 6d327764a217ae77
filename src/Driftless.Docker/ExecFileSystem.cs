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
/// Output is streamed, never held whole: a file's bytes go straight into its digest.
/// </summary>
internal sealed class ExecFileSystem(DockerClient client, string endpoint, string containerId, TimeSpan timeout) : IContainerFiles
{
    /// <summary>More files than this under one directory is no configuration (symlinks reaching directories many times).</summary>
    public const int MaxListedFiles = 1_000_000;

    // busybox find -L does not detect symlink loops; a depth cap bounds them.
    private const string MaxDepth = "40";

    private readonly ContainerExec exec = new(client, endpoint, containerId, timeout);

    public ObservationMethod Method => ObservationMethod.Exec;

    private string ShortId => containerId[..Math.Min(12, containerId.Length)];

    /// <summary>
    /// The bytes as they arrive through exec's output stream. Only a regular file is read: <c>cat</c> on a FIFO
    /// would wait for a writer forever.
    /// </summary>
    public async Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        var check = await exec.RunAsync(["find", "-L", path, "-maxdepth", "0", "-type", "f"], cancellationToken);
        if (check.CommandMissing)
        {
            throw new DriftlessException(ErrorKind.ApplyFailed, $"cannot read files of container {ShortId} by exec: `find` is not in its image");
        }

        if (check.ExitCode != 0 || check.Stdout.Length == 0)
        {
            return null;
        }

        return await StartAsync(["cat", "--", path], tolerateFailure: false, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        await using (var output = await StartAsync(["find", "-L", directory, "-maxdepth", MaxDepth, "-type", "f", "-print0"], tolerateFailure: true, cancellationToken))
        {
            await ReadNulSeparatedAsync(output, directory, files, cancellationToken);

            // find exits non-zero for unreadable entries or loops yet still prints what it found.
            if (await output.EndAsync(cancellationToken) is 126 or 127)
            {
                throw new DriftlessException(ErrorKind.ApplyFailed, $"cannot list files of container {ShortId} by exec: `find` is not in its image");
            }
        }

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

        var result = await exec.RunAsync(["stat", "-L", "-c", "%d:%i:%n", "--", .. paths], cancellationToken);
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

    private async Task ReadNulSeparatedAsync(Stream output, string directory, List<string> files, CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        var pending = new List<byte>();
        int read;
        while ((read = await output.ReadAsync(buffer, cancellationToken)) > 0)
        {
            foreach (var b in buffer.AsSpan(0, read))
            {
                if (b != 0)
                {
                    pending.Add(b);
                    continue;
                }

                if (pending.Count > 0)
                {
                    files.Add(Encoding.UTF8.GetString([.. pending]));
                    pending.Clear();
                }

                if (files.Count > MaxListedFiles)
                {
                    throw new DriftlessException(
                        ErrorKind.InvalidInput,
                        $"container {ShortId} holds more than {MaxListedFiles} files under {directory} (symlinks reaching the same directories again and again?)");
                }
            }
        }
    }

    private async Task<ExecOutputStream> StartAsync(IList<string> argv, bool tolerateFailure, CancellationToken cancellationToken)
    {
        try
        {
            return await EngineErrors.CallAsync(
                endpoint,
                async () =>
                {
                    var (execId, output) = await exec.StartAsync(argv, cancellationToken);
                    return new ExecOutputStream(client, endpoint, output, execId, string.Join(' ', argv), $"container {ShortId}") { TolerateFailure = tolerateFailure };
                },
                cancellationToken,
                timeout);
        }
        catch (DockerApiException e)
        {
            throw new DriftlessException(ErrorKind.ApplyFailed, $"cannot exec `{argv[0]}` in container {ShortId}: {e.StatusCode} {e.ResponseBody?.Trim()}", e);
        }
    }
}
