using Driftless.Core.Errors;
using Driftless.Core.Paths;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Tests.Fakes;

/// <summary>
/// An in-memory engine whose containers see the real host files through their bind mounts
/// (<see cref="FakeContainerFiles"/>): Core's own observation rules decide what is pinned, stale or not
/// mounted. Starting a container (run, restart, recreate) pins each single-file mount to the inode it finds,
/// as the kernel does; in-place reloads (signal, exec, HTTP) re-pin nothing.
/// </summary>
internal sealed class FakeRuntime : IContainerRuntime
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, PinnedFile>> _pins = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MountInfo[]> _composeMounts = new(StringComparer.Ordinal);
    private int _nextId = 100;
    private int _finds;

    /// <summary>The current container of each service (compose or managed), by service name.</summary>
    public Dictionary<string, RuntimeContainer> Containers { get; } = new(StringComparer.Ordinal);

    /// <summary>Services whose container exits right after it is (re)started (e.g. it rejects the new config).</summary>
    public HashSet<string> CrashOnApply { get; } = [];

    /// <summary>Services whose restart the engine refuses.</summary>
    public HashSet<string> RefuseRestart { get; } = [];

    /// <summary>Services whose managed container the engine refuses to start (bad command, missing image).</summary>
    public HashSet<string> RefuseStart { get; } = [];

    /// <summary>Exit code (and output) an exec returns, per service; default 0.</summary>
    public Dictionary<string, ExecOutcome> ExecResults { get; } = new(StringComparer.Ordinal);

    /// <summary>Every mutating call, in order (<c>restart web grace=10</c>, <c>signal web SIGHUP</c>, ...).</summary>
    public List<string> Calls { get; } = [];

    public string Endpoint => "fake://";

    /// <summary>How many times a container was looked up (a plan looks each service up once, verification once more).</summary>
    public int Finds => Volatile.Read(ref _finds);

    public static MountInfo Bind(string hostPath, string containerPath) => new("bind", hostPath, containerPath, false);

    /// <summary>Starts a compose service's container with these mounts (also what a later recreate gives it).</summary>
    public RuntimeContainer Run(string service, params MountInfo[] mounts)
    {
        _composeMounts[service] = mounts;
        return Start(service, NewContainer(service, mounts), byApply: false);
    }

    /// <summary>Stops a service's container as if its process exited on its own.</summary>
    public void Kill(string service, long exitCode = 137) =>
        Containers[service] = Containers[service] with { Running = false, Status = "exited", Pid = 0, ExitCode = exitCode };

    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<RuntimeContainer?> FindAsync(ContainerTarget target, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _finds);
        return Task.FromResult(Containers.GetValueOrDefault(target.Service));
    }

    public Task<RuntimeContainer?> InspectAsync(string containerId, CancellationToken cancellationToken) =>
        Task.FromResult(Containers.Values.FirstOrDefault(c => c.Id == containerId));

    public IContainerFiles FilesOf(RuntimeContainer container) =>
        new FakeContainerFiles(container, _pins.GetValueOrDefault(container.Id) ?? new Dictionary<string, PinnedFile>());

    public Task RestartAsync(string containerId, TimeSpan stopGrace, CancellationToken cancellationToken)
    {
        var (service, old) = Containers.Single(kv => kv.Value.Id == containerId);
        Calls.Add($"restart {service} grace={stopGrace.TotalSeconds}");
        if (RefuseRestart.Contains(service))
        {
            throw new DriftlessException(ErrorKind.ApplyFailed, $"restart of container {containerId} failed: engine answered 500");
        }

        Start(service, old with { StartedAt = old.StartedAt!.Value.AddSeconds(1) });
        return Task.CompletedTask;
    }

    public Task RecreateAsync(RecreateRequest request, CancellationToken cancellationToken)
    {
        Calls.Add($"recreate {request.Service} hashes={string.Join(",", request.ConfigHashes.OrderBy(h => h.Key).Select(h => $"{h.Key}={h.Value}"))}");
        Start(request.Service, NewContainer(request.Service, _composeMounts.GetValueOrDefault(request.Service) ?? []));
        return Task.CompletedTask;
    }

    public Task SignalAsync(string containerId, string signal, CancellationToken cancellationToken)
    {
        Calls.Add($"signal {ServiceOf(containerId)} {signal}");
        return Task.CompletedTask;
    }

    public Task<ExecOutcome> ExecAsync(string containerId, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var service = ServiceOf(containerId);
        Calls.Add($"exec {service} {string.Join(' ', argv)}");
        return Task.FromResult(ExecResults.GetValueOrDefault(service) ?? new ExecOutcome(0, "ok"));
    }

    public Task<IReadOnlyList<RuntimeContainer>> ListManagedAsync(string project, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RuntimeContainer>>(Containers.Values
            .Where(c => c.Labels.GetValueOrDefault(ManagedSpecs.ManagedLabel)?.StartsWith(project + "/", StringComparison.Ordinal) == true)
            .ToList());

    public Task<string> StartManagedAsync(ManagedContainerRequest request, CancellationToken cancellationToken)
    {
        var service = request.Labels[ManagedSpecs.ManagedLabel].Split('/')[1];
        Calls.Add($"start-managed {service}");
        if (RefuseStart.Contains(service))
        {
            throw new ManagedStartException($"{service}: could not start {request.Spec.Image}: exec: no such file");
        }

        var mounts = request.Spec.Volumes.Select(v => new MountInfo("bind", v.HostPath, v.ContainerPath, !v.ReadOnly)).ToArray();
        var container = NewContainer(service, mounts) with
        {
            Labels = new Dictionary<string, string>(request.Labels),
            StopTimeout = request.Spec.StopGrace,
        };
        return Task.FromResult(Start(service, container).Id);
    }

    public Task StopAsync(string containerId, TimeSpan grace, CancellationToken cancellationToken)
    {
        var (service, old) = Containers.Single(kv => kv.Value.Id == containerId);
        Calls.Add($"stop {service} {containerId} grace={grace.TotalSeconds}");
        Containers[service] = old with { Running = false, Status = "exited", Pid = 0 };
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        var service = ServiceOf(containerId);
        Calls.Add($"remove {service} {containerId}");
        Containers.Remove(service);
        _pins.Remove(containerId);
        return Task.CompletedTask;
    }

    /// <summary>The process starts: single-file mounts resolve to the inodes their host paths hold now.</summary>
    private RuntimeContainer Start(string service, RuntimeContainer container, bool byApply = true)
    {
        var crashes = byApply && CrashOnApply.Contains(service);
        container = container with
        {
            Running = !crashes,
            Status = crashes ? "exited" : "running",
            Pid = crashes ? 0 : 4242,
            ExitCode = crashes ? 3 : 0,
        };
        _pins[container.Id] = container.Mounts
            .Where(m => File.Exists(m.Source) && UnixFileStat.Identity(m.Source) is not null)
            .ToDictionary(
                m => m.Destination,
                m => new PinnedFile(m.Source, UnixFileStat.Identity(m.Source)!.Value, File.ReadAllBytes(m.Source)),
                StringComparer.Ordinal);
        Containers[service] = container;
        return container;
    }

    private string ServiceOf(string containerId) => Containers.Single(kv => kv.Value.Id == containerId).Key;

    private RuntimeContainer NewContainer(string service, MountInfo[] mounts) => new(
        $"c{_nextId++:D4}{service}",
        service,
        true,
        "running",
        DateTimeOffset.UnixEpoch.AddMinutes(_nextId),
        0,
        4242,
        0,
        null,
        new Dictionary<string, string>(),
        mounts)
    {
        Created = DateTimeOffset.UnixEpoch.AddMinutes(_nextId),
    };
}
