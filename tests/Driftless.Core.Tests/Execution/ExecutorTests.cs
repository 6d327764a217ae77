using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Hashing;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.State;
using Driftless.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Driftless.Core.Tests.Execution;

public sealed class ExecutorTests : IAsyncLifetime
{
    private static readonly ContentHash Old = Samples.Hash(("configs/web/a.conf", "one"));
    private static readonly ContentHash New = Samples.Hash(("configs/web/a.conf", "two"));

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
    public async Task Apply_Restart_VerifiesThenAdvancesState()
    {
        var web = Samples.Service("web");
        _runtime.Run("web", Samples.Entries(Old));
        _runtime.SetHostContent("web", New.Files);

        var report = await RunAsync(Samples.Registry(web), (web, New, Record("web", Old)));

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Applied, e.Result);
        Assert.Equal((Old.Value, New.Value, "restart"), (e.OldHash, e.NewHash, e.Mode));
        Assert.Equal(["configs/web/a.conf"], e.ChangedInputs);
        Assert.Equal(New.Value, (await _store.LoadAppliedAsync(default))["web"].Hash);
        Assert.Equal(["restart web grace=10"], _runtime.Calls);
    }

    [Fact]
    public async Task Apply_DoesNotAdvanceState_WhenContainerExitsAfterApply()
    {
        var web = Samples.Service("web");
        _runtime.Run("web", Samples.Entries(Old));
        _runtime.SetHostContent("web", New.Files);
        _runtime.CrashOnApply.Add("web");

        var report = await RunAsync(Samples.Registry(web), (web, New, Record("web", Old)));

        var e = Assert.Single(report.Outcomes).Event;
        Assert.False(report.Succeeded);
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.Contains("exit code 3", e.Error, StringComparison.Ordinal);
        Assert.Equal(Old.Value, (await _store.LoadAppliedAsync(default))["web"].Hash);
        Assert.Equal(EventResult.Failed, (await _store.HistoryAsync("web", 1, default))[0].Result);
    }

    [Fact]
    public async Task Apply_FailsVerification_WhenProcessStillSeesOldContent()
    {
        var web = Samples.Service("web", ApplyMode.None);
        _runtime.Run("web", Samples.Entries(Old));
        _runtime.PinnedServices.Add("web");

        var report = await RunAsync(Samples.Registry(web), (web, New, Record("web", Old)));

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.Contains("configs/web/a.conf pinned to an old inode", e.Error, StringComparison.Ordinal);
        Assert.Equal(Old.Value, (await _store.LoadAppliedAsync(default))["web"].Hash);
    }

    [Fact]
    public async Task Apply_FailingServiceDoesNotStopIndependentServices_UnlessFailFast()
    {
        var a = Samples.Service("a");
        var b = Samples.Service("b");
        foreach (var name in new[] { "a", "b" })
        {
            _runtime.Run(name, Samples.Entries(Old));
            _runtime.SetHostContent(name, New.Files);
        }

        _runtime.CrashOnApply.Add("a");
        var registry = Samples.Registry(a, b);

        var failFast = await RunAsync(registry, new ApplyOptions(FailFast: true), (a, New, Record("a", Old)), (b, New, Record("b", Old)));
        Assert.Equal(["b"], failFast.Skipped);

        var report = await RunAsync(registry, (a, New, Record("a", Old)), (b, New, Record("b", Old)));
        Assert.Equal([EventResult.Failed, EventResult.Applied], report.Outcomes.Select(o => o.Event.Result).ToArray());
        Assert.False(report.Succeeded);
    }

    [Fact]
    public async Task Apply_EngineRefusingOneRestart_FailsThatServiceOnly()
    {
        var a = Samples.Service("a");
        var b = Samples.Service("b");
        foreach (var name in new[] { "a", "b" })
        {
            _runtime.Run(name, Samples.Entries(Old));
            _runtime.SetHostContent(name, New.Files);
        }

        _runtime.RefuseRestart.Add("a");

        var report = await RunAsync(Samples.Registry(a, b), (a, New, Record("a", Old)), (b, New, Record("b", Old)));

        Assert.Equal([EventResult.Failed, EventResult.Applied], report.Outcomes.Select(o => o.Event.Result).ToArray());
        Assert.Contains("engine answered 500", report.Outcomes[0].Event.Error, StringComparison.Ordinal);
        Assert.Equal(Old.Value, (await _store.LoadAppliedAsync(default))["a"].Hash);
    }

    [Fact]
    public async Task Apply_Noop_TouchesNothingAndRecordsNoopEvent()
    {
        var web = Samples.Service("web");
        _runtime.Run("web", Samples.Entries(New));

        var report = await RunAsync(Samples.Registry(web), (web, New, Record("web", New)));

        Assert.Equal(EventResult.Noop, Assert.Single(report.Outcomes).Event.Result);
        Assert.Empty(_runtime.Calls);
    }

    [Fact]
    public async Task Apply_Adopts_WithoutTouchingTheContainer()
    {
        var web = Samples.Service("web");
        var container = _runtime.Run("web", Samples.Entries(New));

        var report = await RunAsync(Samples.Registry(web), (web, New, null));

        Assert.Equal(EventResult.Adopted, Assert.Single(report.Outcomes).Event.Result);
        Assert.Empty(_runtime.Calls);
        var record = (await _store.LoadAppliedAsync(default))["web"];
        Assert.Equal((New.Value, container.Id, "adopted"), (record.Hash, record.ContainerId, record.Mode));
    }

    [Fact]
    public async Task Apply_Recreate_KeepsOtherServicesAppliedHashesInTheOverride()
    {
        var web = Samples.Service("web", ApplyMode.Recreate);
        var api = Samples.Service("api", ApplyMode.Recreate);
        _runtime.Run("web", Samples.Entries(Old));
        _runtime.SetHostContent("web", New.Files);
        _runtime.Run("api", Samples.Entries(Old));

        var report = await RunAsync(Samples.Registry(web, api), (web, New, Record("web", Old)), (api, Old, Record("api", Old, "recreate")));

        Assert.True(report.Succeeded);
        Assert.Equal([$"recreate web hashes=api={Old.Value},web={New.Value}"], _runtime.Calls);
        var e = report.Outcomes[0].Event;
        Assert.NotEqual(e.ContainerId, e.NewContainerId);
    }

    [Theory]
    [InlineData("adopted")]
    [InlineData("restart")]
    public async Task Apply_Recreate_LeavesNeighboursNotRecreatedByDriftlessOutOfTheOverride(string recordedMode)
    {
        // Their containers carry no hash label; a label in the override would make compose recreate them.
        var web = Samples.Service("web", ApplyMode.Recreate);
        var api = Samples.Service("api", ApplyMode.Recreate);
        _runtime.Run("web", Samples.Entries(Old));
        _runtime.SetHostContent("web", New.Files);
        _runtime.Run("api", Samples.Entries(Old));

        var report = await RunAsync(Samples.Registry(web, api), (web, New, Record("web", Old)), (api, Old, Record("api", Old, recordedMode)));

        Assert.True(report.Succeeded);
        Assert.Equal([$"recreate web hashes=web={New.Value}"], _runtime.Calls);
    }

    [Fact]
    public async Task Apply_Restart_UsesStopGrace_ThenContainerStopTimeout_ThenTenSeconds()
    {
        var web = Samples.Service("web") with { StopGrace = TimeSpan.FromSeconds(3) };
        _runtime.Run("web", Samples.Entries(Old));
        var api = Samples.Service("api");
        _runtime.Containers["api"] = _runtime.Run("api", Samples.Entries(Old)) with { StopTimeout = TimeSpan.FromSeconds(7) };

        await RunAsync(Samples.Registry(web, api), (web, New, Record("web", Old)), (api, New, Record("api", Old)));

        Assert.Equal(["restart web grace=3", "restart api grace=7"], _runtime.Calls);
    }

    [Fact]
    public async Task Verify_Fails_WhenContainerRestartsWithinTheSettleWindow()
    {
        var web = Samples.Service("web") with { Verify = new VerifySpec(TimeSpan.FromSeconds(2)) };
        _runtime.Run("web", Samples.Entries(Old));
        _runtime.SetHostContent("web", New.Files);

        var running = RunAsync(Samples.Registry(web), (web, New, Record("web", Old)));
        await WaitUntilAsync(() => _runtime.Calls.Count == 1);
        _runtime.Containers["web"] = _runtime.Containers["web"] with { RestartCount = 1 };
        _time.Advance(TimeSpan.FromSeconds(2));
        var report = await running;

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.Contains("did not stay up for 2s", e.Error, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Yield();
        }

        Assert.True(condition());
    }

    private static AppliedRecord Record(string service, ContentHash hash, string mode = "restart") => new(
        service,
        hash.Value,
        hash.Files.Select(f => new RecordedDigest(f.RelativePath, f.Digest)).ToList(),
        null,
        mode,
        DateTimeOffset.UnixEpoch);

    private Task<ApplyReport> RunAsync(DriftlessRegistry registry, params (ServiceSpec Service, ContentHash Desired, AppliedRecord? Applied)[] services) =>
        RunAsync(registry, new ApplyOptions(), services);

    private async Task<ApplyReport> RunAsync(
        DriftlessRegistry registry,
        ApplyOptions options,
        params (ServiceSpec Service, ContentHash Desired, AppliedRecord? Applied)[] services)
    {
        foreach (var (_, _, applied) in services)
        {
            if (applied is not null)
            {
                await _store.RecordAsync(
                    new ApplyEvent(_time.GetUtcNow(), applied.Service, null, applied.Hash, [], "restart", EventResult.Adopted, 0, null, null, null),
                    applied,
                    default);
            }
        }

        var items = new List<PlanItem>();
        foreach (var (service, desired, applied) in services)
        {
            var container = await _runtime.FindAsync(service.TargetIn(registry), default);
            var view = container is { Running: true } ? await _runtime.ObserveAsync(container, service.Inputs, desired, "/srv", default) : null;
            items.Add(Planner.PlanService(service, desired, applied, container, view));
        }

        var executor = new Executor(
            ApplyStrategies.For(_runtime, _http),
            new Verifier(_runtime, _http, _time),
            _store,
            _time,
            NullLogger<Executor>.Instance,
            _runtime);
        return await executor.ExecuteAsync(registry, new Plan(items), options, default);
    }
}
