using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Execution;

/// <summary>
/// Managed services through the one pass on the fake engine: identity by recorded id, spec compare by canonical
/// hash, graceful replace, roll-forward, orphans, adoption by label. The gateway's volume is a real host directory,
/// so verification reads its config through the managed container's own mounts. The same behaviours run against
/// the real engine in the integration suite.
/// </summary>
public sealed class ManagedPipelineTests : IAsyncLifetime
{
    private FakeStack _stack = null!;

    public async Task InitializeAsync()
    {
        _stack = await FakeStack.OpenAsync();
        _stack.Host.Write("configs/gateway/gateway.conf", "listen 8080");
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task FirstPass_StartsTheContainer_AndRecordsItsIdAndSpec()
    {
        var gateway = Gateway();
        var item = await _stack.PlanItemAsync(_stack.Registry(gateway), "gateway");

        var report = await PassAsync(gateway);

        Assert.Equal((Verdict.ContainerMissing, PlanAction.Apply, ApplyMode.Recreate), (item.Verdict, item.Action, item.ModeToRun));
        var outcome = Assert.Single(report.Outcomes);
        var e = outcome.Event;
        Assert.Equal(EventResult.Escalated, e.Result);
        Assert.Equal(("container_missing", "recreate"), (e.Reason, e.ModeUsed));
        Assert.Equal(Verdict.InSync, outcome.Verdict);
        Assert.Equal(["start-managed gateway"], _stack.Runtime.Calls);
        var container = _stack.Runtime.Containers["gateway"];
        var record = (await _stack.AppliedAsync("gateway"))!;
        Assert.Equal((container.Id, ManagedSpecs.Hash(gateway.Managed!)), (record.ContainerId, record.SpecHash));
        Assert.Equal(ManagedSpecs.LabelValue("demo", "gateway"), container.Labels[ManagedSpecs.ManagedLabel]);
        Assert.Equal(ManagedSpecs.Hash(gateway.Managed!), container.Labels[ManagedSpecs.SpecLabel]);
    }

    [Fact]
    public async Task ThousandPasses_OverAHealthyContainerWithEnvAndVolumes_TouchNothing()
    {
        var gateway = Gateway();
        await PassAsync(gateway);
        var id = _stack.Runtime.Containers["gateway"].Id;
        _stack.Runtime.Calls.Clear();

        for (var tick = 0; tick < 1000; tick++)
        {
            var report = await _stack.ApplyAsync(_stack.Registry(gateway), new ApplyOptions());
            Assert.Equal(PlanAction.Noop, Assert.Single(report.Outcomes).Item.Action);
        }

        Assert.Empty(_stack.Runtime.Calls);
        Assert.Equal(id, _stack.Runtime.Containers["gateway"].Id);
        Assert.Single(await _stack.Store.HistoryAsync("gateway", 100, default)); // the first pass's outcome only
    }

    [Fact]
    public async Task SpecChange_StopsTheOldContainerByIdBeforeStartingTheNewOne()
    {
        await PassAsync(Gateway());
        var old = _stack.Runtime.Containers["gateway"];
        _stack.Runtime.Calls.Clear();

        var item = await _stack.PlanItemAsync(_stack.Registry(Gateway(env: "debug")), "gateway");
        var report = await PassAsync(Gateway(env: "debug"));

        Assert.Equal((Verdict.Pending, ApplyMode.Recreate, "spec_changed"), (item.Verdict, item.ModeToRun, item.Escalation));
        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Escalated, "spec_changed"), (e.Result, e.Reason));
        Assert.Equal([$"stop gateway {old.Id} grace=30", $"remove gateway {old.Id}", "start-managed gateway"], _stack.Runtime.Calls);
        var record = (await _stack.AppliedAsync("gateway"))!;
        Assert.NotEqual(old.Id, record.ContainerId);
        Assert.Equal(_stack.Runtime.Containers["gateway"].Id, record.ContainerId);
        Assert.Equal(ManagedSpecs.Hash(Gateway(env: "debug").Managed!), record.SpecHash);
    }

    [Fact]
    public async Task ConfigChange_IsAppliedByTheServiceMode_WithoutReplacingTheContainer()
    {
        await PassAsync(Gateway());
        var id = _stack.Runtime.Containers["gateway"].Id;
        _stack.Runtime.Calls.Clear();
        _stack.Host.Replace("configs/gateway/gateway.conf", "listen 9090");

        var report = await PassAsync(Gateway());

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Applied, "restart"), (e.Result, e.Mode));
        Assert.Equal(["restart gateway grace=30"], _stack.Runtime.Calls);
        Assert.Equal(id, (await _stack.AppliedAsync("gateway"))!.ContainerId);
    }

    [Fact]
    public async Task StartFailure_IsFailed_RollsForwardOnly_AndAFixedSpecRecovers()
    {
        await PassAsync(Gateway());
        var old = _stack.Runtime.Containers["gateway"];
        _stack.Runtime.RefuseStart.Add("gateway");

        var failed = await PassAsync(Gateway(image: "gateway:broken"));

        var e = Assert.Single(failed.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.Contains("could not start gateway:broken", e.Error, StringComparison.Ordinal);
        Assert.False(_stack.Runtime.Containers.ContainsKey("gateway")); // the old one is not brought back
        Assert.Equal(old.Id, (await _stack.AppliedAsync("gateway"))!.ContainerId); // state did not advance
        var status = await _stack.PlanItemAsync(_stack.Registry(Gateway(image: "gateway:broken")), "gateway");
        Assert.Equal((ServicePhase.Failed, Verdict.Failed), (status.Phase, status.Verdict));

        _stack.Runtime.RefuseStart.Clear();
        var fixedRun = await PassAsync(Gateway(image: "gateway:v3"));

        Assert.True(fixedRun.Succeeded);
        Assert.Equal(_stack.Runtime.Containers["gateway"].Id, (await _stack.AppliedAsync("gateway"))!.ContainerId);
        Assert.Equal(ServicePhase.Running, (await _stack.PlanItemAsync(_stack.Registry(Gateway(image: "gateway:v3")), "gateway")).Phase);
    }

    [Fact]
    public async Task DeadContainer_IsStartedAgainByItsId_NotRecreated()
    {
        await PassAsync(Gateway());
        var id = _stack.Runtime.Containers["gateway"].Id;
        _stack.Runtime.Kill("gateway");
        _stack.Runtime.Calls.Clear();

        var report = await PassAsync(Gateway());

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal((Verdict.NotRunning, ApplyMode.Restart), (outcome.Item.Verdict, outcome.Item.ModeToRun));
        Assert.Equal((EventResult.Applied, "restart"), (outcome.Event.Result, outcome.Event.Mode));
        Assert.Equal(["restart gateway grace=30"], _stack.Runtime.Calls); // the stop_grace baked into the container
        Assert.Equal(id, _stack.Runtime.Containers["gateway"].Id);
    }

    [Fact]
    public async Task DroppedService_IsStoppedRemovedAndForgotten()
    {
        var web = _stack.Service("web");
        _stack.Run(web);
        await PassAsync(Gateway(), web);
        var id = _stack.Runtime.Containers["gateway"].Id;
        _stack.Runtime.Calls.Clear();
        var registry = _stack.Registry(web);

        var plan = await _stack.PlanAsync(registry);
        var report = await _stack.ApplyAsync(registry);

        var orphan = Assert.Single(plan.Orphans);
        Assert.Equal(("gateway", id, true), (orphan.Service, orphan.Container.Id, orphan.Dropped));
        var removal = Assert.Single(report.Removals);
        Assert.Equal((EventResult.Removed, "dropped", id), (removal.Result, removal.Reason, removal.ContainerId));
        Assert.Equal([$"stop gateway {id} grace=30", $"remove gateway {id}"], _stack.Runtime.Calls);
        Assert.Null(await _stack.AppliedAsync("gateway"));
        Assert.Equal(EventResult.Noop, Assert.Single(report.Outcomes).Event.Result); // web untouched
    }

    [Fact]
    public async Task DroppedService_WhoseRemovalCannotBeRecorded_IsReportedFailed_AndNotForgotten()
    {
        var web = _stack.Service("web");
        _stack.Run(web);
        await PassAsync(Gateway(), web);
        var id = _stack.Runtime.Containers["gateway"].Id;
        var registry = _stack.Registry(web);
        _stack.StoreFaults.FailOutcome = new Errors.DriftlessException(Errors.ErrorKind.StateNotWritable, "the state directory /x cannot be written (database or disk is full)");

        var report = await _stack.ApplyAsync(registry);

        var removal = Assert.Single(report.Removals);
        Assert.False(report.Succeeded);
        Assert.Equal((EventResult.Failed, id), (removal.Result, removal.ContainerId));
        Assert.StartsWith("outcome not recorded (removed): the state directory /x cannot be written", removal.Error, StringComparison.Ordinal);
        Assert.NotNull(await _stack.AppliedAsync("gateway"));
    }

    [Fact]
    public async Task ComposeServices_AreNeverOrphans()
    {
        _stack.Run(_stack.Service("web"));

        var plan = await _stack.PlanAsync(_stack.Registry(Gateway()));
        var report = await _stack.ApplyAsync(_stack.Registry(Gateway()));

        Assert.Empty(plan.Orphans);
        Assert.Empty(report.Removals);
        Assert.Equal(["start-managed gateway"], _stack.Runtime.Calls);
        Assert.True(_stack.Runtime.Containers["web"].Running);
    }

    [Fact]
    public async Task ExistingLabelledContainer_IsAdoptedWithoutBeingRecreated()
    {
        var gateway = Gateway();
        var id = await StartByHandAsync(gateway);

        var report = await PassAsync(gateway);

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal((Verdict.Unrecorded, EventResult.Adopted), (outcome.Item.Verdict, outcome.Event.Result));
        Assert.Equal(["start-managed gateway"], _stack.Runtime.Calls); // only the set-up
        Assert.Equal(id, (await _stack.AppliedAsync("gateway"))!.ContainerId);
    }

    [Fact]
    public async Task ContainerStartedByAnInterruptedApply_IsAdoptedNotReplaced()
    {
        await PassAsync(Gateway());
        // The crash: the old container was replaced with the new spec but the new id was never recorded.
        var oldId = _stack.Runtime.Containers["gateway"].Id;
        _stack.Runtime.Remove("gateway");
        var newId = await StartByHandAsync(Gateway(env: "debug"));
        _stack.Runtime.Calls.Clear();

        var report = await PassAsync(Gateway(env: "debug"));

        Assert.Equal(EventResult.Adopted, Assert.Single(report.Outcomes).Event.Result);
        Assert.Empty(_stack.Runtime.Calls);
        Assert.NotEqual(oldId, newId);
        Assert.Equal(newId, (await _stack.AppliedAsync("gateway"))!.ContainerId);
    }

    [Fact]
    public async Task TheOutcome_ReplacesTheStartedMarker()
    {
        await PassAsync(Gateway());

        var history = await _stack.Store.HistoryAsync("gateway", 10, default);

        Assert.Equal([EventResult.Escalated], history.Select(e => e.Result));
    }

    [Fact]
    public async Task AStartedMarkerWithoutOutcome_IsAnInterruptedAttempt_InHistoryAndPhase()
    {
        var gateway = Gateway();
        var marker = new ApplyEvent(_stack.Time.GetUtcNow(), "gateway", null, "sha256:1", [], "restart", EventResult.Started, 0, null, null, null, null, "recreate");

        await _stack.Store.RecordStartedAsync(marker, default);

        Assert.Equal(EventResult.Started, Assert.Single(await _stack.Store.HistoryAsync("gateway", 10, default)).Result);
        Assert.Equal(ServicePhase.Pending, (await _stack.PlanItemAsync(_stack.Registry(gateway), "gateway")).Phase);

        await PassAsync(gateway);
        var history = await _stack.Store.HistoryAsync("gateway", 10, default);
        Assert.Equal([EventResult.Escalated, EventResult.Started], history.Select(e => e.Result)); // the interrupted attempt stays visible
        Assert.Equal(ServicePhase.Running, (await _stack.PlanItemAsync(_stack.Registry(gateway), "gateway")).Phase);
    }

    [Fact]
    public void CanonicalSpecHash_IgnoresEnvironmentOrder_ButNotValues()
    {
        var a = Spec("/srv/configs/gw", env: new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" });
        var b = Spec("/srv/configs/gw", env: new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" });
        var c = Spec("/srv/configs/gw", env: new Dictionary<string, string> { ["A"] = "1", ["B"] = "3" });

        Assert.Equal(ManagedSpecs.Hash(a), ManagedSpecs.Hash(b));
        Assert.NotEqual(ManagedSpecs.Hash(a), ManagedSpecs.Hash(c));
    }

    private static ManagedSpec Spec(string configDirectory, string image = "gateway:v2", IReadOnlyDictionary<string, string>? env = null) => new(
        image,
        ["/bin/gateway", "--config", "/etc/gw"],
        env ?? new Dictionary<string, string> { ["LOG_LEVEL"] = "info" },
        [new PortBinding("127.0.0.1", 8080, 8080)],
        [new VolumeBinding(configDirectory, "/etc/gw", ReadOnly: true)],
        "SIGTERM",
        TimeSpan.FromSeconds(30));

    /// <summary>The managed gateway: reads <c>configs/gateway/</c>, mounted at <c>/etc/gw</c>.</summary>
    private ServiceSpec Gateway(string image = "gateway:v2", string env = "info")
    {
        var configs = _stack.Host.PathOf("configs/gateway");
        return new ServiceSpec("gateway", null, [new InputSpec("configs/gateway/", configs, InputKind.Directory)], ApplyMode.Restart, null, new VerifySpec(TimeSpan.Zero))
        {
            Managed = Spec(configs, image, new Dictionary<string, string> { ["LOG_LEVEL"] = env }),
        };
    }

    private async Task<string> StartByHandAsync(ServiceSpec service) => await _stack.Runtime.StartManagedAsync(
        new ManagedContainerRequest(
            "demo-gateway-x",
            service.Managed!,
            new Dictionary<string, string>
            {
                [ManagedSpecs.ManagedLabel] = ManagedSpecs.LabelValue("demo", service.Name),
                [ManagedSpecs.SpecLabel] = ManagedSpecs.Hash(service.Managed!),
            }),
        default);

    private Task<ApplyReport> PassAsync(params ServiceSpec[] services) => _stack.ApplyAsync(_stack.Registry(services));
}
