using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Driftless.Core.Errors;

namespace Driftless.Docker;

/// <summary>Runs an argv array inside a container over the Engine API (no shell) and collects its output and exit code.</summary>
/// <param name="timeout">The engine timeout: bounds the engine's answer that starts the exec (null: unbounded).</param>
internal sealed class ContainerExec(DockerClient client, string endpoint, string containerId, TimeSpan? timeout = null)
{
    private const int MaxStderrBytes = 8192;

    public async Task<ExecResult> RunAsync(IList<string> argv, CancellationToken cancellationToken)
    {
        try
        {
            return await EngineErrors.CallAsync(endpoint, () => RunCoreAsync(argv, cancellationToken), cancellationToken, timeout);
        }
        catch (DockerApiException e)
        {
            throw new DriftlessException(
                ErrorKind.ApplyFailed,
                $"cannot exec `{argv[0]}` in container {containerId[..Math.Min(12, containerId.Length)]}: {e.StatusCode} {e.ResponseBody?.Trim()}",
                e);
        }
    }

    /// <summary>Creates the exec and starts it attached: its id and its output, as the engine streams it.</summary>
    public async Task<(string ExecId, MultiplexedStream Output)> StartAsync(IList<string> argv, CancellationToken cancellationToken)
    {
        var created = await client.Exec.CreateContainerExecAsync(
            containerId,
            new ContainerExecCreateParameters { Cmd = argv, AttachStdout = true, AttachStderr = true, TTY = false },
            cancellationToken);
        return (created.ID, await StartAsync(created.ID, cancellationToken));
    }

    private async Task<ExecResult> RunCoreAsync(IList<string> argv, CancellationToken cancellationToken)
    {
        var (execId, output) = await StartAsync(argv, cancellationToken);
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        using (var stream = output)
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
            var inspected = await client.Exec.InspectContainerExecAsync(execId, cancellationToken);
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

    // The client leaves a stream request unbounded (its output is the command's own time); the engine's answer
    // that starts it is bounded like any other request.
    private async Task<MultiplexedStream> StartAsync(string execId, CancellationToken cancellationToken)
    {
        using var starting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit)
        {
            starting.CancelAfter(limit);
        }

        return await client.Exec.StartContainerExecAsync(execId, new ContainerExecStartParameters { Detach = false, TTY = false }, starting.Token);
    }
}
