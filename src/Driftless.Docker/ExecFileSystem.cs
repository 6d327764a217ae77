using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Driftless.Core.Errors;
using Driftless.Core.Runtime;

namespace Driftless.Docker;

/// <summary>
/// Reads with exec inside the container (same mount namespace as its processes). Commands are argv
/// arrays, never a shell line. Needs <c>cat</c> and <c>find</c> in the image; <c>stat</c> is optional.
/// </summary>
internal sealed class ExecFileSystem(DockerClient client, string endpoint, string containerId) : IContainerFileSystem
{
    // busybox find -L does not detect symlink loops; a depth cap bounds them.
    private const string MaxDepth = "40";
    private const int MaxStderrBytes = 8192;

    public ObservationMethod Method => ObservationMethod.Exec;

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["cat", "--", path], cancellationToken);
        if (result.CommandMissing)
        {
            throw new DriftlessException(
                $"cannot read files of container {containerId[..Math.Min(12, containerId.Length)]} by exec: `cat` is not in its image ({result.Stderr.Trim()})",
                ExitCodes.ApplyFailed);
        }

        return result.ExitCode == 0 ? result.Stdout : null;
    }

    public async Task<IReadOnlyList<string>> ListFilesAsync(string directory, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["find", "-L", directory, "-maxdepth", MaxDepth, "-type", "f", "-print0"], cancellationToken);
        if (result.CommandMissing)
        {
            throw new DriftlessException(
                $"cannot list files of container {containerId[..Math.Min(12, containerId.Length)]} by exec: `find` is not in its image",
                ExitCodes.ApplyFailed);
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

    internal async Task<ExecResult> RunAsync(IList<string> argv, CancellationToken cancellationToken)
    {
        try
        {
            return await EngineErrors.CallAsync(endpoint, () => RunCoreAsync(argv, cancellationToken), cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new DriftlessException(
                $"cannot exec `{argv[0]}` in container {containerId[..Math.Min(12, containerId.Length)]}: {e.StatusCode} {e.ResponseBody?.Trim()}",
                ExitCodes.ApplyFailed,
                e);
        }
    }

    private async Task<ExecResult> RunCoreAsync(IList<string> argv, CancellationToken cancellationToken)
    {
        var created = await client.Exec.CreateContainerExecAsync(
            containerId,
            new ContainerExecCreateParameters { Cmd = argv, AttachStdout = true, AttachStderr = true, TTY = false },
            cancellationToken);

        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        using (var stream = await client.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters { Detach = false, TTY = false }, cancellationToken))
        {
            var buffer = new byte[81920];
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                if (read.EOF)
                {
                    break;
                }

                if (read.Target == MultiplexedStream.TargetStream.StandardOut)
                {
                    stdout.Write(buffer, 0, read.Count);
                }
                else if (stderr.Length < MaxStderrBytes)
                {
                    stderr.Write(buffer, 0, read.Count);
                }
            }
        }

        // The exit code is recorded a moment after the output stream closes.
        for (var attempt = 0; ; attempt++)
        {
            var inspected = await client.Exec.InspectContainerExecAsync(created.ID, cancellationToken);
            if (inspected.ExitCode is { } exitCode && !inspected.Running)
            {
                return new ExecResult(exitCode, stdout.ToArray(), Encoding.UTF8.GetString(stderr.ToArray()));
            }

            if (attempt >= 50)
            {
                throw new TimeoutException($"exec {argv[0]} in {containerId} did not report an exit code");
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
