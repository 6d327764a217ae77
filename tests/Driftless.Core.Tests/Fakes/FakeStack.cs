using Driftless.Core.Convergence;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.Core.Tests.Fakes;

/// <summary>
/// A project on the fake engine, run through the one <see cref="ConvergencePass"/> exactly as the CLI and the
/// agent run it: real input files on a temp "host", a SQLite state store, a fake clock and stub HTTP.
/// Each service <c>NAME</c> reads <c>configs/NAME/a.conf</c> (initially <c>one</c>).
/// </summary>
internal sealed class FakeStack : IAsyncDisposable
{
    private readonly HttpClient _http;
    private FaultingStateStore? _store;

    private FakeStack()
    {
        _http = new HttpClient(HttpHandler);
        HttpHandler.Clock = Time.GetUtcNow;
    }

    public HostFiles Host { get; } = new();

    public FakeRuntime Runtime { get; } = new();

    public StubHttpHandler HttpHandler { get; } = new();

    /// <summary>Runs host checks (<c>check.where: host</c>).</summary>
    public FakeHostCommands HostCommands { get; } = new();

    public FakeClock Time { get; } = new(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public IStateStore Store => _store ?? throw new InvalidOperationException("call OpenAsync first");

    /// <summary>The store the pass writes to, with writes that fail on demand.</summary>
    public FaultingStateStore StoreFaults => _store ?? throw new InvalidOperationException("call OpenAsync first");

    public IConvergencePass Pass { get; private set; } = null!;

    public string StateDirectory => Host.PathOf(".driftless");

    public static async Task<FakeStack> OpenAsync()
    {
        var stack = new FakeStack();
        stack._store = new FaultingStateStore(await SqliteStateStore.OpenAsync(stack.StateDirectory, readOnly: false, CancellationToken.None));
        stack.Pass = new ConvergencePass(stack.Runtime, stack._http, stack._store, stack.Time, NullLoggerFactory.Instance, stack.HostCommands);
        return stack;
    }

    /// <summary>A service reading the directory <c>configs/NAME/</c>, which holds <c>a.conf</c>.</summary>
    public ServiceSpec Service(string name, ApplyMode mode = ApplyMode.Restart, string content = "one")
    {
        Host.Write($"configs/{name}/a.conf", content);
        return new ServiceSpec(name, null, [new InputSpec($"configs/{name}/", Host.PathOf($"configs/{name}"), InputKind.Directory)], mode, null, new VerifySpec(TimeSpan.Zero));
    }

    /// <summary>A service reading the single file <c>configs/NAME/a.conf</c>.</summary>
    public ServiceSpec FileService(string name, ApplyMode mode = ApplyMode.Restart, string content = "one") =>
        Service(name, mode, content) with { Inputs = [new InputSpec($"configs/{name}/a.conf", Host.PathOf($"configs/{name}/a.conf"), InputKind.File)] };

    public DriftlessRegistry Registry(params ServiceSpec[] services) => new(
        Host.PathOf("driftless.yaml"),
        Host.Root,
        "demo",
        [Host.PathOf("docker-compose.yml")],
        StateDirectory,
        services);

    /// <summary>Runs the service's container with its input mounted as the service reads it: the directory at <c>/etc/NAME</c>, or the single file at <c>/etc/NAME/a.conf</c>.</summary>
    public RuntimeContainer Run(ServiceSpec service) => Runtime.Run(service.Name, Mounts(service));

    public static MountInfo[] Mounts(ServiceSpec service) => service.Inputs
        .Select(i => FakeRuntime.Bind(i.FullPath, i.Kind == InputKind.Directory ? $"/etc/{service.Name}" : $"/etc/{service.Name}/{Path.GetFileName(i.FullPath)}"))
        .ToArray();

    /// <summary>Records what each running container's process sees as applied (first run: adopt).</summary>
    public async Task AdoptAsync(DriftlessRegistry registry)
    {
        var report = await ApplyAsync(registry);
        Assert.All(report.Outcomes, o => Assert.Equal(EventResult.Adopted, o.Event.Result));
    }

    /// <summary>Runs each service's container, adopts them all, and forgets the calls that took: the start of most scenarios.</summary>
    public async Task<DriftlessRegistry> AdoptedAsync(params ServiceSpec[] services)
    {
        var registry = Registry(services);
        foreach (var service in services)
        {
            Run(service);
        }

        await AdoptAsync(registry);
        Runtime.Calls.Clear();
        return registry;
    }

    /// <summary>The plan item of one service.</summary>
    public async Task<PlanItem> PlanItemAsync(DriftlessRegistry registry, string service) =>
        Assert.Single((await PlanAsync(registry, service)).Items);

    public Task<Plan> PlanAsync(DriftlessRegistry registry, params string[] services) =>
        Pass.PlanAsync(registry, services, CancellationToken.None);

    public Task<ApplyReport> ApplyAsync(DriftlessRegistry registry, ApplyOptions? options = null) =>
        Pass.ApplyAsync(registry, [], options ?? new ApplyOptions(), CancellationToken.None);

    public async Task<AppliedRecord?> AppliedAsync(string service) =>
        (await Store.LoadAppliedAsync(CancellationToken.None)).GetValueOrDefault(service);

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _http.Dispose();
        Runtime.Dispose();
        Host.Dispose();
    }
}
