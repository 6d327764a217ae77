using Driftless.Core.Hashing;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;

namespace Driftless.Core.Tests.Fakes;

/// <summary>
/// An in-memory engine for pure planner/executor tests: containers by service name, and per service
/// the digests its process "sees". Restart and recreate make the process see the host's digests,
/// unless the test says the service breaks on apply.
/// </summary>
internal sealed class FakeRuntime : IContainerRuntime
{
    private readonly Dictionary<string, Dictionary<string, string>> _host = new(StringComparer.Ordinal);
    private int _nextId = 100;

    public Dictionary<string, RuntimeContainer> Containers { get; } = new(StringComparer.Ordinal);

    /// <summary>Relative path → digest the process sees, per service.</summary>
    public Dictionary<string, Dictionary<string, string>> Seen { get; } = new(StringComparer.Ordinal);

    public HashSet<string> PinnedServices { get; } = [];

    /// <summary>Services whose container exits right after an apply (e.g. rejects the new config).</summary>
    public HashSet<string> CrashOnApply { get; } = [];

    /// <summary>Services whose restart the engine refuses.</summary>
    public HashSet<string> RefuseRestart { get; } = [];

    public List<string> Calls { get; } = [];

    public string Endpoint => "fake://";

    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public RuntimeContainer Run(string service, IEnumerable<(string Path, string Digest)> seen)
    {
        var container = NewContainer(service, running: true);
        Containers[service] = container;
        Seen[service] = seen.ToDictionary(s => s.Path, s => s.Digest, StringComparer.Ordinal);
        return container;
    }

    public Task<RuntimeContainer?> FindAsync(ContainerTarget target, CancellationToken cancellationToken) =>
        Task.FromResult(Containers.GetValueOrDefault(target.Service));

    public Task<RuntimeContainer?> InspectAsync(string containerId, CancellationToken cancellationToken) =>
        Task.FromResult(Containers.Values.FirstOrDefault(c => c.Id == containerId));

    public Task<ProcessView> ObserveAsync(
        RuntimeContainer container,
        IReadOnlyList<InputSpec> inputs,
        ContentHash desired,
        string baseDirectory,
        CancellationToken cancellationToken)
    {
        var service = Containers.Single(kv => kv.Value.Id == container.Id).Key;
        var seen = Seen.GetValueOrDefault(service) ?? [];
        var files = seen.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new SeenFile(s.Key, "/c/" + s.Key, s.Value, PinnedServices.Contains(service)))
            .ToList();
        return Task.FromResult(new ProcessView(files, [], ObservationMethod.ProcRoot));
    }

    public Task RestartAsync(string containerId, TimeSpan stopGrace, CancellationToken cancellationToken)
    {
        var (service, old) = Containers.Single(kv => kv.Value.Id == containerId);
        Calls.Add($"restart {service} grace={stopGrace.TotalSeconds}");
        if (RefuseRestart.Contains(service))
        {
            throw new Errors.DriftlessException(Errors.ErrorKind.ApplyFailed, $"restart of container {containerId} failed: engine answered 500");
        }

        Containers[service] = old with
        {
            Running = !CrashOnApply.Contains(service),
            Status = CrashOnApply.Contains(service) ? "exited" : "running",
            ExitCode = CrashOnApply.Contains(service) ? 3 : 0,
            StartedAt = old.StartedAt!.Value.AddSeconds(1),
        };
        Reload(service);
        return Task.CompletedTask;
    }

    public Task RecreateAsync(RecreateRequest request, CancellationToken cancellationToken)
    {
        Calls.Add($"recreate {request.Service} hashes={string.Join(",", request.ConfigHashes.OrderBy(h => h.Key).Select(h => $"{h.Key}={h.Value}"))}");
        Containers[request.Service] = NewContainer(request.Service, running: !CrashOnApply.Contains(request.Service));
        Reload(request.Service);
        return Task.CompletedTask;
    }

    public Task SignalAsync(string containerId, string signal, CancellationToken cancellationToken)
    {
        var service = Containers.Single(kv => kv.Value.Id == containerId).Key;
        Calls.Add($"signal {service} {signal}");
        Reload(service, keepPinned: true);
        return Task.CompletedTask;
    }

    /// <summary>Exit code (and output) an exec returns, per service; default 0.</summary>
    public Dictionary<string, ExecOutcome> ExecResults { get; } = new(StringComparer.Ordinal);

    public Task<ExecOutcome> ExecAsync(string containerId, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var service = Containers.Single(kv => kv.Value.Id == containerId).Key;
        Calls.Add($"exec {service} {string.Join(' ', argv)}");
        var outcome = ExecResults.GetValueOrDefault(service) ?? new ExecOutcome(0, "ok");
        if (outcome.ExitCode == 0)
        {
            Reload(service, keepPinned: true);
        }

        return Task.FromResult(outcome);
    }

    /// <summary>Services whose managed container the engine refuses to start (bad command, missing image).</summary>
    public HashSet<string> RefuseStart { get; } = [];

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

        var container = NewContainer(service, running: !CrashOnApply.Contains(service)) with
        {
            Labels = new Dictionary<string, string>(request.Labels),
            StopTimeout = request.Spec.StopGrace,
        };
        Containers[service] = container;
        Reload(service);
        return Task.FromResult(container.Id);
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
        var service = Containers.Single(kv => kv.Value.Id == containerId).Key;
        Calls.Add($"remove {service} {containerId}");
        Containers.Remove(service);
        return Task.CompletedTask;
    }

    /// <summary>What a restart or recreate makes the service's process see (the host's files at that moment).</summary>
    public void SetHostContent(string service, IEnumerable<FileDigest> files) =>
        _host[service] = files.ToDictionary(f => f.RelativePath, f => f.Digest, StringComparer.Ordinal);

    // An in-place reload re-reads what the process can see: a pinned mount keeps showing the old file.
    private void Reload(string service, bool keepPinned = false)
    {
        if (keepPinned && PinnedServices.Contains(service))
        {
            return;
        }

        PinnedServices.Remove(service);
        if (_host.TryGetValue(service, out var files))
        {
            Seen[service] = new Dictionary<string, string>(files, StringComparer.Ordinal);
        }
    }

    private RuntimeContainer NewContainer(string service, bool running) => new(
        $"c{_nextId++:D4}{service}",
        service,
        running,
        running ? "running" : "exited",
        DateTimeOffset.UnixEpoch.AddMinutes(_nextId),
        0,
        running ? 4242 : 0,
        running ? 0 : 3,
        null,
        new Dictionary<string, string>(),
        [])
    {
        Created = DateTimeOffset.UnixEpoch.AddMinutes(_nextId),
    };
}
