using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Driftless.Core.Errors;
using Driftless.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace Driftless.Docker;

/// <summary>
/// Throwaway check containers (see <see cref="CheckCreateParameters"/>): create, start, wait up to the check's
/// timeout (SIGKILL then), read the last lines of the output, and remove — always, also when the caller cancels,
/// under a bound of its own. Containers a killed Driftless could not remove carry <see cref="CheckLabels"/> and
/// are removed by <see cref="RemoveLeftoversAsync"/>. Env values never reach logs or messages.
/// </summary>
internal sealed class CheckContainers(DockerClient client, string endpoint, TimeSpan timeout, TimeProvider time, ILogger logger)
{
    private const string TailLines = "50";
    private const int MaxOutputBytes = 64 << 10;
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Beyond the check's timeout, before another run may take its container for a leftover.</summary>
    private static readonly TimeSpan DeadlineMargin = TimeSpan.FromMinutes(2);

    public async Task<CheckRunResult> RunAsync(CheckRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Argv.Count == 0)
        {
            throw new ArgumentException("a check needs a command", nameof(run));
        }

        var started = time.GetTimestamp();
        var labels = CheckLabels.For(run.Project, run.Owner, time.GetUtcNow() + run.Timeout + timeout + DeadlineMargin);
        string? id = null;
        try
        {
            Log.CheckCreating(logger, run.Owner, run.Image, run.Argv[0]);
            id = await CreateAsync(run, labels, cancellationToken);
            await StartAsync(run, id, cancellationToken);
            var (exitCode, timedOut) = await WaitAsync(run, id, cancellationToken);
            var duration = time.GetElapsedTime(started);
            var output = await OutputAsync(id, cancellationToken);
            Log.CheckFinished(logger, run.Owner, exitCode, timedOut, (long)duration.TotalMilliseconds);
            return new CheckRunResult(exitCode, timedOut, output, duration);
        }
        finally
        {
            if (id is not null)
            {
                await RemoveAsync(id);
            }
            else
            {
                // A create cancelled (Ctrl-C) or failed after the engine made the container never told us its id.
                await RemoveUnnamedAsync(labels[CheckLabels.Check]);
            }
        }
    }

    public async Task<int> RemoveLeftoversAsync(string project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var parameters = Labelled($"{CheckLabels.Project}={project}");
        var listed = await EngineErrors.CallAsync(endpoint, () => client.Containers.ListContainersAsync(parameters, cancellationToken), cancellationToken, timeout);
        var now = time.GetUtcNow();
        var removed = 0;
        foreach (var leftover in listed.Where(c => CheckLabels.IsLeftover(c.Labels, now)))
        {
            try
            {
                await EngineErrors.CallAsync(
                    endpoint,
                    () => client.Containers.RemoveContainerAsync(leftover.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken),
                    cancellationToken,
                    timeout);
                removed++;
                Log.CheckLeftoverRemoved(logger, Short(leftover.ID), (leftover.Labels is { } l && l.TryGetValue(CheckLabels.Check, out var check) ? check : "?"));
            }
            catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
                // Gone already, or being removed by someone else.
            }
        }

        return removed;
    }

    private async Task<string> CreateAsync(CheckRun run, Dictionary<string, string> labels, CancellationToken cancellationToken)
    {
        try
        {
            var created = await EngineErrors.CallAsync(
                endpoint, () => client.Containers.CreateContainerAsync(CheckCreateParameters.For(run, labels), cancellationToken), cancellationToken, timeout);
            return created.ID;
        }
        catch (DockerApiException e)
        {
            throw Unavailable(run, "could not create the check container", e);
        }
    }

    private async Task StartAsync(CheckRun run, string id, CancellationToken cancellationToken)
    {
        try
        {
            await EngineErrors.CallAsync(endpoint, () => client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken), cancellationToken, timeout);
        }
        catch (DockerApiException e)
        {
            throw Unavailable(run, $"the check container {Short(id)} could not start", e);
        }
    }

    private async Task<(long? ExitCode, bool TimedOut)> WaitAsync(CheckRun run, string id, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(run.Timeout);
        try
        {
            var response = await EngineErrors.CallAsync(endpoint, () => client.Containers.WaitContainerAsync(id, limit.Token), limit.Token);
            return (response.StatusCode, false);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Log.CheckTimedOut(logger, run.Owner, Short(id), (long)run.Timeout.TotalMilliseconds);
            await KillAsync(id, cancellationToken);
            return (null, true);
        }
    }

    private async Task KillAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await EngineErrors.CallAsync(
                endpoint, () => client.Containers.KillContainerAsync(id, new ContainerKillParameters { Signal = "KILL" }, cancellationToken), cancellationToken, timeout);
        }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            // Exited just as the timeout expired.
        }
    }

    /// <summary>The last lines of stdout and stderr, in the order written (the engine keeps them interleaved).</summary>
    private async Task<string> OutputAsync(string id, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var parameters = new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = false, Tail = TailLines };
        var collected = await EngineErrors.CallAsync(endpoint, () => ReadLogsAsync(id, parameters, bounded.Token), cancellationToken, timeout);
        return OutputTail.Of(collected, string.Empty);
    }

    private async Task<byte[]> ReadLogsAsync(string id, ContainerLogsParameters parameters, CancellationToken cancellationToken)
    {
        using var stream = await client.Containers.GetContainerLogsAsync(id, parameters, cancellationToken);
        using var collected = new MemoryStream();
        var buffer = new byte[16384];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            if (read.EOF)
            {
                break;
            }

            collected.Write(buffer, 0, read.Count);
            if (collected.Length > 2 * MaxOutputBytes)
            {
                // Keep the end: the validator's verdict is its last line.
                var tail = collected.ToArray()[^MaxOutputBytes..];
                collected.SetLength(0);
                collected.Write(tail);
            }
        }

        var all = collected.ToArray();
        return all.Length <= MaxOutputBytes ? all : all[^MaxOutputBytes..];
    }

    /// <summary>Finds this run's container by its unique <see cref="CheckLabels.Check"/> label and removes it, briefly.</summary>
    private async Task RemoveUnnamedAsync(string check)
    {
        using var brief = new CancellationTokenSource(CleanupTimeout);
        var parameters = Labelled($"{CheckLabels.Check}={check}");
        IList<ContainerListResponse> listed;
        try
        {
            listed = await client.Containers.ListContainersAsync(parameters, brief.Token);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException or TimeoutException)
        {
            // The labels let the next run remove it.
            Log.CheckRemoveFailed(logger, check, e.GetType().Name);
            return;
        }

        foreach (var container in listed)
        {
            await RemoveAsync(container.ID);
        }
    }

    /// <summary>Every container, running or not, carrying the label <paramref name="labelIsValue"/> (<c>name=value</c>).</summary>
    private static ContainersListParameters Labelled(string labelIsValue) => new()
    {
        All = true,
        Filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool>(StringComparer.Ordinal) { [labelIsValue] = true },
        },
    };

    // Not the caller's token: a cancelled apply (Ctrl-C) must still remove what it created, briefly.
    private async Task RemoveAsync(string id)
    {
        using var brief = new CancellationTokenSource(CleanupTimeout);
        try
        {
            await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, brief.Token);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException or TimeoutException)
        {
            // The labels let the next run remove it.
            Log.CheckRemoveFailed(logger, Short(id), e.GetType().Name);
        }
    }

    private static DriftlessException Unavailable(CheckRun run, string what, DockerApiException e)
    {
        var message = ManagedContainerOps.Redact(ManagedContainerOps.EngineMessage(e), run.Environment.Values);
        return new DriftlessException(ErrorKind.ApplyFailed, $"check of {run.Owner} (image {run.Image}, `{run.Argv[0]}`): {what}: engine answered {(int)e.StatusCode}: {message}", e);
    }

    private static string Short(string id) => id[..Math.Min(12, id.Length)];
}
