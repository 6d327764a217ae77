using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Execution;

/// <summary>Apply → verify → record through the one pass, on the fake engine over real host files.</summary>
public sealed class ExecutorTests : IAsyncLifetime
{
    private FakeStack _stack = null!;

    public async Task InitializeAsync() => _stack = await FakeStack.OpenAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Apply_Restart_VerifiesThenAdvancesState()
    {
        var registry = await AdoptedAsync(_stack.Service("web"));
        var adopted = (await _stack.AppliedAsync("web"))!.Hash;
        _stack.Host.Write("configs/web/a.conf", "two");

        var report = await _stack.ApplyAsync(registry);

        var outcome = Assert.Single(report.Outcomes);
        var e = outcome.Event;
        Assert.Equal(EventResult.Applied, e.Result);
        Assert.Equal((adopted, "restart"), (e.OldHash, e.Mode));
        Assert.NotEqual(adopted, e.NewHash);
        Assert.Equal(["configs/web/a.conf"], e.ChangedInputs);
        Assert.Equal(e.NewHash, (await _stack.AppliedAsync("web"))!.Hash);
        Assert.Equal(["restart web grace=10"], _stack.Runtime.Calls);
        Assert.Equal(Verdict.InSync, outcome.Verdict);
    }

    [Fact]
    public async Task Apply_DoesNotAdvanceState_WhenContainerExitsAfterApply()
    {
        var registry = await AdoptedAsync(_stack.Service("web"));
        var adopted = (await _stack.AppliedAsync("web"))!.Hash;
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.Runtime.CrashOnApply.Add("web");

        var report = await _stack.ApplyAsync(registry);

        var outcome = Assert.Single(report.Outcomes);
        Assert.False(report.Succeeded);
        Assert.Equal(EventResult.Failed, outcome.Event.Result);
        Assert.Contains("exit code 3", outcome.Event.Error, StringComparison.Ordinal);
        Assert.Equal(Verdict.Failed, outcome.Verdict);
        Assert.Equal(adopted, (await _stack.AppliedAsync("web"))!.Hash);
        Assert.Equal(EventResult.Failed, (await _stack.Store.HistoryAsync("web", 1, default))[0].Result);
    }

    [Fact]
    public async Task Apply_FailsVerification_WhenSingleFileMountStaysPinnedToTheOldInode()
    {
        // Apply mode none touches nothing, so the process keeps the inode it started with.
        var registry = await AdoptedAsync(_stack.FileService("web", ApplyMode.None));
        var adopted = (await _stack.AppliedAsync("web"))!.Hash;
        _stack.Host.Replace("configs/web/a.conf", "two");

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.Contains("configs/web/a.conf pinned to an old inode", e.Error, StringComparison.Ordinal);
        Assert.Equal(adopted, (await _stack.AppliedAsync("web"))!.Hash);
    }

    [Fact]
    public async Task Apply_FailingServiceDoesNotStopIndependentServices_UnlessFailFast()
    {
        var registry = await AdoptedAsync(_stack.Service("a"), _stack.Service("b"));
        _stack.Host.Write("configs/a/a.conf", "two");
        _stack.Host.Write("configs/b/a.conf", "two");
        _stack.Runtime.CrashOnApply.Add("a");

        var failFast = await _stack.ApplyAsync(registry, new ApplyOptions(FailFast: true));
        Assert.Equal(["b"], failFast.Skipped);

        var report = await _stack.ApplyAsync(registry);
        Assert.Equal([EventResult.Failed, EventResult.Applied], report.Outcomes.Select(o => o.Event.Result).ToArray());
        Assert.False(report.Succeeded);
    }

    [Fact]
    public async Task Apply_EngineRefusingOneRestart_FailsThatServiceOnly()
    {
        var registry = await AdoptedAsync(_stack.Service("a"), _stack.Service("b"));
        var adopted = (await _stack.AppliedAsync("a"))!.Hash;
        _stack.Host.Write("configs/a/a.conf", "two");
        _stack.Host.Write("configs/b/a.conf", "two");
        _stack.Runtime.RefuseRestart.Add("a");

        var report = await _stack.ApplyAsync(registry);

        Assert.Equal([EventResult.Failed, EventResult.Applied], report.Outcomes.Select(o => o.Event.Result).ToArray());
        Assert.Contains("engine answered 500", report.Outcomes[0].Event.Error, StringComparison.Ordinal);
        Assert.Equal(adopted, (await _stack.AppliedAsync("a"))!.Hash);
    }

    [Fact]
    public async Task Apply_InSyncService_TouchesNothingAndRecordsNoop()
    {
        var registry = await AdoptedAsync(_stack.Service("web"));

        var report = await _stack.ApplyAsync(registry);

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal(EventResult.Noop, outcome.Event.Result);
        Assert.Equal(Verdict.InSync, outcome.Verdict);
        Assert.Empty(_stack.Runtime.Calls);
    }

    [Fact]
    public async Task Apply_FirstRun_AdoptsWithoutTouchingTheContainer()
    {
        var web = _stack.Service("web");
        var container = _stack.Run(web);

        var report = await _stack.ApplyAsync(_stack.Registry(web));

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal((EventResult.Adopted, Verdict.InSync), (outcome.Event.Result, outcome.Verdict));
        Assert.Empty(_stack.Runtime.Calls);
        var record = (await _stack.AppliedAsync("web"))!;
        Assert.Equal((outcome.Event.NewHash, container.Id, "adopted"), (record.Hash, record.ContainerId, record.Mode));
    }

    [Fact]
    public async Task Apply_Recreate_KeepsOtherServicesAppliedHashesInTheOverride()
    {
        var web = _stack.Service("web", ApplyMode.Recreate);
        var api = _stack.Service("api", ApplyMode.Recreate);
        var registry = await AdoptedAsync(web, api);
        _stack.Host.Write("configs/api/a.conf", "two");
        var apiRecreated = await _stack.ApplyAsync(registry);
        var apiHash = apiRecreated.Outcomes[1].Event.NewHash;
        _stack.Runtime.Calls.Clear();
        _stack.Host.Write("configs/web/a.conf", "two");

        var report = await _stack.ApplyAsync(registry);

        Assert.True(report.Succeeded);
        var e = report.Outcomes[0].Event;
        Assert.Equal([$"recreate web hashes=api={apiHash},web={e.NewHash}"], _stack.Runtime.Calls);
        Assert.NotEqual(e.ContainerId, e.NewContainerId);
    }

    [Theory]
    [InlineData(ApplyMode.Recreate, "adopted")]
    [InlineData(ApplyMode.Restart, "restart")]
    public async Task Apply_Recreate_LeavesNeighboursNotRecreatedByDriftlessOutOfTheOverride(ApplyMode neighbourMode, string neighbourRecord)
    {
        // An adopted or restarted neighbour's container carries no hash label; a label in the override would make compose recreate it.
        var registry = await AdoptedAsync(_stack.Service("web", ApplyMode.Recreate), _stack.Service("api", neighbourMode));
        if (neighbourMode == ApplyMode.Restart)
        {
            _stack.Host.Write("configs/api/a.conf", "two");
            await _stack.ApplyAsync(registry);
            _stack.Runtime.Calls.Clear();
        }

        Assert.Equal(neighbourRecord, (await _stack.AppliedAsync("api"))!.Mode);
        _stack.Host.Write("configs/web/a.conf", "two");

        var report = await _stack.ApplyAsync(registry);

        Assert.True(report.Succeeded);
        Assert.Equal([$"recreate web hashes=web={report.Outcomes[0].Event.NewHash}"], _stack.Runtime.Calls);
    }

    [Fact]
    public async Task Apply_Restart_UsesStopGrace_ThenContainerStopTimeout_ThenTenSeconds()
    {
        var web = _stack.Service("web") with { StopGrace = TimeSpan.FromSeconds(3) };
        var api = _stack.Service("api");
        var db = _stack.Service("db");
        var registry = _stack.Registry(web, api, db);
        _stack.Run(web);
        _stack.Runtime.Containers["api"] = _stack.Run(api) with { StopTimeout = TimeSpan.FromSeconds(7) };
        _stack.Run(db);
        await _stack.AdoptAsync(registry);
        foreach (var name in new[] { "web", "api", "db" })
        {
            _stack.Host.Write($"configs/{name}/a.conf", "two");
        }

        await _stack.ApplyAsync(registry, new ApplyOptions(Parallelism: 1));

        Assert.Equal(["restart web grace=3", "restart api grace=7", "restart db grace=10"], _stack.Runtime.Calls);
    }

    [Fact]
    public async Task Verify_Fails_WhenContainerRestartsWithinTheSettleWindow()
    {
        var web = _stack.Service("web") with { Verify = new VerifySpec(TimeSpan.FromSeconds(2)) };
        var registry = await AdoptedAsync(web);
        _stack.Host.Write("configs/web/a.conf", "two");

        var finds = _stack.Runtime.Finds;

        var running = _stack.ApplyAsync(registry);
        // The plan finds the container, verification finds it again and then waits out the settle window.
        await Wait.UntilAsync(() => _stack.Runtime.Finds >= finds + 2, "verification has found the restarted container");
        _stack.Runtime.Containers["web"] = _stack.Runtime.Containers["web"] with { RestartCount = 1 };
        await Wait.UntilAsync(
            () =>
            {
                _stack.Time.Advance(TimeSpan.FromSeconds(2));
                return running.IsCompleted;
            },
            "the settle window has passed");
        var report = await running;

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.Contains("did not stay up for 2s", e.Error, StringComparison.Ordinal);
    }

    private Task<DriftlessRegistry> AdoptedAsync(params ServiceSpec[] services) => _stack.AdoptedAsync(services);
}
