using System.Globalization;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Driftless.Core.Errors;
using Driftless.Core.Hashing;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace Driftless.Docker;

/// <summary><see cref="IContainerRuntime"/> over the Docker Engine API (compose CLI for recreate).</summary>
internal sealed class DockerRuntime : IContainerRuntime, IDisposable
{
    private const string ProjectLabel = "com.docker.compose.project";
    private const string ServiceLabel = "com.docker.compose.service";
    private const string OneOffLabel = "com.docker.compose.oneoff";

    private readonly DockerClient client;
    private readonly ObservationMode mode;
    private readonly TimeSpan timeout;
    private readonly ComposeCli compose;
    private readonly ILogger logger;
    private readonly ManagedContainerOps managed;
    private readonly CheckContainers checks;

    /// <param name="timeout">How long the engine has to answer one request (<see cref="DockerRuntimeOptions.Timeout"/>).</param>
    public DockerRuntime(string endpoint, ObservationMode mode, TimeSpan timeout, ComposeCli compose, ILogger<DockerRuntime> logger)
    {
        Endpoint = endpoint;
        this.mode = mode;
        this.timeout = timeout;
        this.compose = compose;
        this.logger = logger;
        try
        {
            client = new DockerClientBuilder().WithEndpoint(new Uri(endpoint)).WithTimeout(timeout).Build();
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or NotSupportedException or DockerConfigurationException)
        {
            throw new EngineUnreachableException(endpoint, e);
        }

        managed = new ManagedContainerOps(client, endpoint, timeout, logger);
        checks = new CheckContainers(client, endpoint, timeout, TimeProvider.System, logger);
    }

    public string Endpoint { get; }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await EngineErrors.CallAsync(Endpoint, () => client.System.PingAsync(bounded.Token), cancellationToken, timeout);
        }
        catch (DockerApiException e)
        {
            throw new EngineUnreachableException(Endpoint, e);
        }

        Log.Pinged(logger, Endpoint);
    }

    public async Task<RuntimeContainer?> FindAsync(ContainerTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var description = target.ContainerName ?? $"{target.Project}/{target.Service}";
        var id = target switch
        {
            { Managed: true } => await managed.FindAsync(target.Project, target.Service, cancellationToken),
            { ContainerName: { } name } => await FindByNameAsync(name, cancellationToken),
            _ => await FindByLabelsAsync(target.Project, target.Service, cancellationToken),
        };
        var found = id is null ? null : await InspectAsync(id, cancellationToken);
        if (found is null)
        {
            Log.NotFound(logger, description);
        }
        else
        {
            Log.Found(logger, found.ShortId, description);
        }

        return found;
    }

    public async Task<RuntimeContainer?> InspectAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            var inspected = await EngineErrors.CallAsync(
                Endpoint, () => client.Containers.InspectContainerAsync(containerId, cancellationToken), cancellationToken, timeout);
            return ContainerMapper.ToRuntime(inspected);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public IContainerFiles FilesOf(RuntimeContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (!container.Running || container.Pid <= 0)
        {
            // A stopped container's process sees nothing and nothing is read; only the method is reported.
            return mode == ObservationMode.Exec ? new ExecFileSystem(client, Endpoint, container.Id, timeout) : new ProcRootFileSystem(container.Pid);
        }

        return ChooseFileSystem(container);
    }

    public async Task RestartAsync(string containerId, TimeSpan stopGrace, CancellationToken cancellationToken)
    {
        var seconds = (uint)Math.Ceiling(Math.Max(0, stopGrace.TotalSeconds));
        Log.Restarting(logger, containerId, seconds);

        // The client waits without limit here (the stop grace may be long): the engine has the grace plus its timeout.
        var limit = TimeSpan.FromSeconds(seconds) + timeout;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        try
        {
            await EngineErrors.CallAsync(
                Endpoint,
                () => client.Containers.RestartContainerAsync(containerId, new ContainerRestartParameters { WaitBeforeKillSeconds = seconds }, bounded.Token),
                cancellationToken,
                limit);
        }
        catch (DockerApiException e)
        {
            // The engine answered but refused (e.g. the container was removed, or its start failed).
            throw new DriftlessException(
                ErrorKind.ApplyFailed,
                $"restart of container {containerId[..Math.Min(12, containerId.Length)]} failed: engine answered {(int)e.StatusCode}: {e.ResponseBody?.Trim()}",
                e);
        }
    }

    public async Task RecreateAsync(RecreateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ComposeFiles.Count == 0)
        {
            throw new DriftlessException(ErrorKind.ApplyFailed, $"no compose file to recreate service '{request.Service}' with");
        }

        var version = await ComposeOverrideWriter.ReadVersionAsync(request.ComposeFiles[0], cancellationToken);
        await ComposeOverrideWriter.WriteAsync(request.OverridePath, version, request.ConfigHashes, cancellationToken);
        Log.Recreating(logger, request.Service, request.Project, request.OverridePath);
        await compose.UpAsync(request, cancellationToken);
    }

    public async Task SignalAsync(string containerId, string signal, CancellationToken cancellationToken)
    {
        Log.Signalling(logger, containerId, signal);
        try
        {
            await EngineErrors.CallAsync(
                Endpoint,
                () => client.Containers.KillContainerAsync(containerId, new ContainerKillParameters { Signal = signal }, cancellationToken),
                cancellationToken,
                timeout);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            throw new ModeUnavailableException($"cannot send {signal} to container {Short(containerId)}: it is not running", e);
        }
        catch (DockerApiException e)
        {
            throw new DriftlessException(
                ErrorKind.ApplyFailed,
                $"sending {signal} to container {Short(containerId)} failed: engine answered {(int)e.StatusCode}: {e.ResponseBody?.Trim()}",
                e);
        }
    }

    public async Task<ExecOutcome> ExecAsync(string containerId, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(argv);
        Log.Executing(logger, containerId, argv[0]);
        var result = await new ContainerExec(client, Endpoint, containerId, timeout).RunAsync([.. argv], cancellationToken);
        if (result.CommandMissing)
        {
            throw new ModeUnavailableException(
                $"`{argv[0]}` cannot run in container {Short(containerId)} (exit {result.ExitCode}: {OutputTail.Of([], result.Stderr)})");
        }

        return new ExecOutcome(result.ExitCode, OutputTail.Of(result.Stdout, result.Stderr));
    }

    public void Dispose()
    {
        client.Dispose();
        compose.Dispose();
    }

    private IContainerFiles ChooseFileSystem(RuntimeContainer container)
    {
        if (mode == ObservationMode.Exec)
        {
            return new ExecFileSystem(client, Endpoint, container.Id, timeout);
        }

        var local = Endpoint.StartsWith("unix://", StringComparison.Ordinal);
        if (local && ProcRootFileSystem.IsUsable(container.Pid, container.Id))
        {
            return new ProcRootFileSystem(container.Pid);
        }

        if (mode == ObservationMode.Proc)
        {
            throw new DriftlessException(
                ErrorKind.ApplyFailed,
                string.Create(CultureInfo.InvariantCulture, $"/proc/{container.Pid}/root of container {container.ShortId} is not readable here (engine {Endpoint}); use exec observation"));
        }

        Log.ProcRootUnavailable(logger, container.Pid, container.ShortId);
        return new ExecFileSystem(client, Endpoint, container.Id, timeout);
    }

    private async Task<string?> FindByLabelsAsync(string project, string service, CancellationToken cancellationToken)
    {
        var listed = await ListAsync("label", [$"{ProjectLabel}={project}", $"{ServiceLabel}={service}"], cancellationToken);
        return listed
            .Where(c => !(c.Labels?.TryGetValue(OneOffLabel, out var oneOff) == true && string.Equals(oneOff, "True", StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(c => c.Created)
            .Select(c => c.ID)
            .FirstOrDefault();
    }

    private async Task<string?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        // The engine's name filter matches substrings; only "/name" is this container.
        var exact = "/" + name.TrimStart('/');
        var listed = await ListAsync("name", [name.TrimStart('/')], cancellationToken);
        return listed
            .Where(c => c.Names?.Contains(exact, StringComparer.Ordinal) == true)
            .OrderByDescending(c => c.Created)
            .Select(c => c.ID)
            .FirstOrDefault();
    }

    private Task<IList<ContainerListResponse>> ListAsync(string filter, IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        var parameters = new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                [filter] = values.ToDictionary(v => v, _ => true, StringComparer.Ordinal),
            },
        };
        return EngineErrors.CallAsync(Endpoint, () => client.Containers.ListContainersAsync(parameters, cancellationToken), cancellationToken, timeout);
    }

    private static string Short(string id) => id[..Math.Min(12, id.Length)];

    public Task<IReadOnlyList<RuntimeContainer>> ListManagedAsync(string project, CancellationToken cancellationToken) =>
        managed.ListAsync(project, cancellationToken);

    public Task<string> StartManagedAsync(ManagedContainerRequest request, CancellationToken cancellationToken) =>
        managed.StartAsync(request, cancellationToken);

    public Task StopAsync(string containerId, TimeSpan grace, CancellationToken cancellationToken) =>
        managed.StopAsync(containerId, grace, cancellationToken);

    public Task RemoveAsync(string containerId, CancellationToken cancellationToken) =>
        managed.RemoveAsync(containerId, cancellationToken);

    public Task<CheckRunResult> RunCheckAsync(CheckRun run, CancellationToken cancellationToken) =>
        checks.RunAsync(run, cancellationToken);

    public Task<int> RemoveLeftoverChecksAsync(string project, CancellationToken cancellationToken) =>
        checks.RemoveLeftoversAsync(project, cancellationToken);
}
