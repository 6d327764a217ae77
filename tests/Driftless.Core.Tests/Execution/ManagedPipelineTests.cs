using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Hashing;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.State;
using Driftless.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Driftless.Core.Tests.Execution;

/// <summary>
/// Managed services through the one pipeline (PlanGatherer → Planner → Executor) against the fake runtime:
/// identity by recorded id, spec compare by canonical hash, graceful replace, roll-forward, orphans.
/// The same behaviours run against the real engine in the integration suite.
/// </summary>
public sealed class ManagedPipelineTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly FakeRuntime _runtime = new();
    private readonly HttpClient _http = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private SqliteStateStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStateStore.OpenAsync(_dir.Path, readOnly: false, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _http.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task FirstPass_StartsTheContainer_AndRecordsItsIdAndSpec()
    {
        var gateway = Gateway();

        var report = await PassAsync(gateway);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Escalated, e.Result);
        Assert.Equal(("container_missing", "recreate"), (e.Reason, e.ModeUsed));
        Assert.Equal(["start-managed gateway"], _runtime.Calls);
        var record = (await _store.LoadAppliedAsync(default))["gateway"];
        Assert.Equal(_runtime.Containers["gateway"].Id, record.ContainerId);
        Assert.Equal(ManagedSpecs.Hash(gateway.Managed!), record.SpecHash);
        Assert.Equal(ManagedSpecs.LabelValue("demo", "gateway"), _runtime.Containers["gateway"].Labels[ManagedSpecs.ManagedLabel]);
    }

    [Fact]
    public async Task ThousandPasses_OverAHealthyContainerWithEnvAndVolumes_TouchNothing()
    {
        var gateway = Gateway();
        await PassAsync(gateway);
        var id = _runtime.Containers["gateway"].Id;
        _runtime.Calls.Clear();

        for (var tick = 0; tick < 1000; tick++)
        {
            var report = await PassAsync(gateway, recordNoops: false);
            Assert.Equal(PlanAction.Noop, Assert.Single(report.Outcomes).Item.Action);
        }

        Assert.Empty(_runtime.Calls);
        Assert.Equal(id, _runtime.Containers["gateway"].Id);
        Assert.Single(await _store.HistoryAsync("gateway", 100, default)); // the first pass's outcome only
    }

    [Fact]
    public async Task SpecChange_StopsTheOldContainerByIdBeforeStartingTheNewOne()
    {
        await PassAsync(Gateway());
        var old = _runtime.Containers["gateway"];
        _runtime.Calls.Clear();

        var report = await PassAsync(Gateway(env: "debug"));

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Escalated, "spec_changed"), (e.Result, e.Reason));
        Assert.Equal([$"stop gateway {old.Id} grace=30", $"remove gateway {old.Id}", "start-managed gateway"], _runtime.Calls);
        var record = (await _store.LoadAppliedAsync(default))["gateway"];
        Assert.NotEqual(old.Id, record.ContainerId);
        Assert.Equal(_runtime.Containers["gateway"].Id, record.ContainerId);
        Assert.Equal(ManagedSpecs.Hash(Gateway(env: "debug").Managed!), record.SpecHash);
    }

    [Fact]
    public async Task StartFailure_IsFailed_RollsForwardOnly_AndAFixedSpecRecovers()
    {
        await PassAsync(Gateway());
        var old = _runtime.Containers["gateway"];
        _runtime.RefuseStart.Add("gateway");

        var failed = await PassAsync(Gateway(image: "gateway:broken"));

        var e = Assert.Single(failed.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.False(_runtime.Containers.ContainsKey("gateway")); // the old one is not brought back
        Assert.Equal(old.Id, (await _store.LoadAppliedAsync(default))["gateway"].ContainerId); // state did not advance
        var status = await GatherAsync(Gateway(image: "gateway:broken"));
        Assert.Equal(ServicePhase.Failed, Assert.Single(status.Items).Phase);

        _runtime.RefuseStart.Clear();
        var fixedRun = await PassAsync(Gateway(image: "gateway:v3"));

        Assert.True(fixedRun.Succeeded);
        Assert.Equal(_runtime.Containers["gateway"].Id, (await _store.LoadAppliedAsync(default))["gateway"].ContainerId);
    }

    [Fact]
    public async Task DeadContainer_IsStartedAgainByItsId_NotRecreated()
    {
        await PassAsync(Gateway());
        var id = _runtime.Containers["gateway"].Id;
        _runtime.Containers["gateway"] = _runtime.Containers["gateway"] with { Running = false, Status = "exited", Pid = 0 };
        _runtime.Calls.Clear();

        var report = await PassAsync(Gateway());

        Assert.Equal((EventResult.Applied, "restart"), (report.Outcomes[0].Event.Result, report.Outcomes[0].Event.Mode));
        Assert.Equal(["restart gateway grace=30"], _runtime.Calls); // the stop_grace baked into the container
        Assert.Equal(id, _runtime.Containers["gateway"].Id);
    }

    [Fact]
    public async Task DroppedService_IsStoppedRemovedAndForgotten()
    {
        await PassAsync(Gateway(), Web());
        var id = _runtime.Containers["gateway"].Id;
        _runtime.Calls.Clear();

        var plan = await GatherAsync(Web());
        var orphan = Assert.Single(plan.Orphans);
        Assert.True(orphan.Dropped);
        var report = await ExecuteAsync(Web(), plan);

        var removal = Assert.Single(report.Removals);
        Assert.Equal((EventResult.Removed, "dropped", id), (removal.Result, removal.Reason, removal.ContainerId));
        Assert.Equal([$"stop gateway {id} grace=30", $"remove gateway {id}"], _runtime.Calls);
        Assert.False((await _store.LoadAppliedAsync(default)).ContainsKey("gateway"));
    }

    [Fact]
    public async Task ComposeServices_AreNeverOrphans()
    {
        _runtime.Run("web", []);

        var plan = await GatherAsync(Gateway());

        Assert.Empty(plan.Orphans);
    }

    [Fact]
    public async Task ExistingLabelledContainer_IsAdoptedWithoutBeingRecreated()
    {
        var gateway = Gateway();
        var id = await StartByHandAsync(gateway);

        var report = await PassAsync(gateway);

        Assert.Equal(EventResult.Adopted, Assert.Single(report.Outcomes).Event.Result);
        Assert.Equal(["start-managed gateway"], _runtime.Calls); // only the set-up
        Assert.Equal(id, (await _store.LoadAppliedAsync(default))["gateway"].ContainerId);
    }

    [Fact]
    public async Task ContainerStartedByAnInterruptedApply_IsAdoptedNotReplaced()
    {
        await PassAsync(Gateway());
        // The crash: the old container was replaced with the new spec but the new id was never recorded.
        var oldId = _runtime.Containers["gateway"].Id;
        _runtime.Containers.Remove("gateway");
        var newId = await StartByHandAsync(Gateway(env: "debug"));
        _runtime.Calls.Clear();

        var report = await PassAsync(Gateway(env: "debug"));

        Assert.Equal(EventResult.Adopted, Assert.Single(report.Outcomes).Event.Result);
        Assert.Empty(_runtime.Calls);
        Assert.NotEqual(oldId, newId);
        Assert.Equal(newId, (await _store.LoadAppliedAsync(default))["gateway"].ContainerId);
    }

    [Fact]
    public async Task TheOutcome_ReplacesTheStartedMarker()
    {
        await PassAsync(Gateway());

        var history = await _store.HistoryAsync("gateway", 10, default);

        Assert.Equal([EventResult.Escalated], history.Select(e => e.Result));
    }

    [Fact]
    public async Task AStartedMarkerWithoutOutcome_IsAnInterruptedAttempt_InHistoryAndPhase()
    {
        var gateway = Gateway();
        var marker = new ApplyEvent(_time.GetUtcNow(), "gateway", null, "sha256:1", [], "restart", EventResult.Started, 0, null, null, null, null, "recreate");

        await _store.RecordStartedAsync(marker, default);

        Assert.Equal(EventResult.Started, Assert.Single(await _store.HistoryAsync("gateway", 10, default)).Result);
        Assert.Equal(ServicePhase.Pending, Assert.Single((await GatherAsync(gateway)).Items).Phase);

        await PassAsync(gateway);
        var history = await _store.HistoryAsync("gateway", 10, default);
        Assert.Equal([EventResult.Escalated, EventResult.Started], history.Select(e => e.Result)); // the interrupted attempt stays visible
        Assert.Equal(ServicePhase.Running, Assert.Single((await GatherAsync(gateway)).Items).Phase);
    }

    [Fact]
    public void CanonicalSpecHash_IgnoresEnvironmentOrder_ButNotValues()
    {
        var a = Spec(env: new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" });
        var b = Spec(env: new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" });
        var c = Spec(env: new Dictionary<string, string> { ["A"] = "1", ["B"] = "3" });

        Assert.Equal(ManagedSpecs.Hash(a), ManagedSpecs.Hash(b));
        Assert.NotEqual(ManagedSpecs.Hash(a), ManagedSpecs.Hash(c));
    }

    private static ManagedSpec Spec(string image = "gateway:v2", IReadOnlyDictionary<string, string>? env = null) => new(
        image,
        ["/bin/gateway", "--config", "/etc/gw"],
        env ?? new Dictionary<string, string> { ["LOG_LEVEL"] = "info" },
        [new PortBinding("127.0.0.1", 8080, 8080)],
        [new VolumeBinding("/srv/configs/gw", "/etc/gw", ReadOnly: true)],
        "SIGTERM",
        TimeSpan.FromSeconds(30));

    private static ServiceSpec Gateway(string image = "gateway:v2", string env = "info") =>
        new("gateway", null, [], ApplyMode.Restart, null, new VerifySpec(TimeSpan.Zero))
        {
            Managed = Spec(image, new Dictionary<string, string> { ["LOG_LEVEL"] = env }),
        };

    private static ServiceSpec Web() => new("web", null, [], ApplyMode.Restart, null, new VerifySpec(TimeSpan.Zero));

    private async Task<string> StartByHandAsync(ServiceSpec service) => await _runtime.StartManagedAsync(
        new ManagedContainerRequest(
            "demo-gateway-x",
            service.Managed!,
            new Dictionary<string, string>
            {
                [ManagedSpecs.ManagedLabel] = ManagedSpecs.LabelValue("demo", service.Name),
                [ManagedSpecs.SpecLabel] = ManagedSpecs.Hash(service.Managed!),
            }),
        default);

    private Task<Plan> GatherAsync(params ServiceSpec[] services) =>
        new PlanGatherer(_runtime, new ContentHasher()).GatherAsync(Samples.Registry(services), _store, [], default);

    private async Task<ApplyReport> PassAsync(ServiceSpec service, ServiceSpec? other = null, bool recordNoops = true)
    {
        ServiceSpec[] services = other is null ? [service] : [service, other];
        return await ExecuteAsync(services, await GatherAsync(services), recordNoops);
    }

    private Task<ApplyReport> ExecuteAsync(ServiceSpec service, Plan plan) => ExecuteAsync([service], plan, recordNoops: true);

    private Task<ApplyReport> ExecuteAsync(ServiceSpec[] services, Plan plan, bool recordNoops) =>
        new Executor(
            ApplyStrategies.For(_runtime, _http),
            new Verifier(_runtime, _http, _time),
            _store,
            _time,
            NullLogger<Executor>.Instance,
            _runtime).ExecuteAsync(Samples.Registry(services), plan, new ApplyOptions { RecordNoops = recordNoops }, default);
}
