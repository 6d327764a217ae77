using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Tests.Fakes;

/// <summary>
/// An in-memory engine whose containers see the real host files through their bind mounts
/// (<see cref="FakeContainerFiles"/>): Core's own observation rules decide what is pinned, stale or not
/// mounted. Starting a container (run, restart, recreate) pins each single-file mount to the inode it finds,
/// as the kernel does; in-place reloads (signal, exec, HTTP) re-pin nothing.
/// </summary>
internal sealed class FakeRuntime : IContainerRuntime, IDisposable
{
    private readonly Dictionary<string, Dictionary<string, PinnedFile>> _pins = new(StringComparer.Ordinal);
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

    /// <summary>Services whose process a signal kills, so the engine's restart policy starts it again (new start time, restart count + 1).</summary>
    public HashSet<string> DieOnSignal { get; } = [];

    /// <summary>Exit code (and output) an exec returns, per service; default 0.</summary>
    public Dictionary<string, ExecOutcome> ExecResults { get; } = new(StringComparer.Ordinal);

    /// <summary>Answers to successive execs, per service, before <see cref="ExecResults"/>: each is used once, the last one repeats.</summary>
    public Dictionary<string, Queue<ExecOutcome>> ExecSequence { get; } = new(StringComparer.Ordinal);

    /// <summary>Every check run, in order.</summary>
    public List<CheckRun> CheckRuns { get; } = [];

    /// <summary>What a check returns; default: passed (exit 0).</summary>
    public CheckRunResult CheckResult { get; set; } = new(0, false, "ok", TimeSpan.Zero);

    /// <summary>When set, a check cannot run at all (missing image, engine refusal): thrown instead of a result.</summary>
    public Exception? CheckFailure { get; set; }

    /// <summary>How many leftover check containers <see cref="RemoveLeftoverChecksAsync"/> reports removed.</summary>
    public int LeftoverChecks { get; set; }

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

    /// <summary>Removes a service's container behind Driftless's back (<c>docker rm -f</c> by hand).</summary>
    public void Remove(string service)
    {
        var id = Containers[service].Id;
        Containers.Remove(service);
        Unpin(id);
    }

    /// <summary>
    /// Writes a file from inside the container, in place, as <c>docker exec … sh -c 'echo … &gt; path'</c> does: into
    /// whatever inode the container sees there — the host file through a live mount, or the old inode a pinned
    /// single-file mount still holds, which only the container can reach once the host path was replaced.
    /// </summary>
    public void WriteInContainer(string service, string containerPath, string content)
    {
        var container = Containers[service];
        var bytes = System.Text.Encoding.UTF8.GetBytes(content);
        if (_pins.GetValueOrDefault(container.Id)?.GetValueOrDefault(containerPath) is { } pin)
        {
            pin.Overwrite(bytes);
            return;
        }

        var host = FakeContainerFiles.HostPathOf(container.Mounts, containerPath)
            ?? throw new InvalidOperationException($"no mount of {service} covers {containerPath} (the fake image has no files of its own)");
        using var stream = new FileStream(host, FileMode.OpenOrCreate, FileAccess.Write);
        stream.SetLength(0);
        stream.Write(bytes);
    }

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
        var service = ServiceOf(containerId);
        Calls.Add($"signal {service} {signal}");
        if (DieOnSignal.Contains(service))
        {
            var old = Containers[service];
            Start(service, old with { StartedAt = old.StartedAt!.Value.AddSeconds(1), RestartCount = old.RestartCount + 1 }, byApply: false);
        }

        return Task.CompletedTask;
    }

    public Task<ExecOutcome> ExecAsync(string containerId, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var service = ServiceOf(containerId);
        Calls.Add($"exec {service} {string.Join(' ', argv)}");
        if (ExecSequence.GetValueOrDefault(service) is { Count: > 0 } sequence)
        {
            return Task.FromResult(sequence.Count > 1 ? sequence.Dequeue() : sequence.Peek());
        }

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
            Image = request.Spec.Image,
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
        Unpin(containerId);
        return Task.CompletedTask;
    }

    public Task<CheckRunResult> RunCheckAsync(CheckRun run, CancellationToken cancellationToken)
    {
        CheckRuns.Add(run);
        Calls.Add($"check {run.Owner} {string.Join(' ', run.Argv)}");
        return CheckFailure is { } failure ? Task.FromException<CheckRunResult>(failure) : Task.FromResult(CheckResult);
    }

    public Task<int> RemoveLeftoverChecksAsync(string project, CancellationToken cancellationToken)
    {
        var removed = LeftoverChecks;
        LeftoverChecks = 0;
        return Task.FromResult(removed);
    }

    public void Dispose()
    {
        foreach (var id in _pins.Keys.ToList())
        {
            Unpin(id);
        }
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
        if (Containers.TryGetValue(service, out var previous) && previous.Id != container.Id)
        {
            Unpin(previous.Id);
        }

        Unpin(container.Id);
        var pins = new Dictionary<string, PinnedFile>(StringComparer.Ordinal);
        foreach (var mount in container.Mounts)
        {
            if (PinnedFile.Open(mount.Source) is { } pin)
            {
                pins[mount.Destination] = pin;
            }
        }

        _pins[container.Id] = pins;
        Containers[service] = container;
        return container;
    }

    private void Unpin(string containerId)
    {
        if (_pins.Remove(containerId, out var pins))
        {
            foreach (var pin in pins.Values)
            {
                pin.Dispose();
            }
        }
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
        Image = $"image-{service}",
    };
}
