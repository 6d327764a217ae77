using System.Net;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Execution;

/// <summary>
/// In-place modes (reload_http, signal, exec) through the one pass on the fake engine over real host files: a
/// reload is only run when the process can already see the new files (bug.0017), otherwise the mode escalates
/// as the plan predicted; fallbacks, and verify.http / verify.exec retried on the fake clock.
/// </summary>
public sealed class InPlaceModeTests : IAsyncLifetime
{
    private const string ReloadUrl = "http://127.0.0.1:9/-/reload";
    private const string HealthUrl = "http://127.0.0.1:9/health";

    private FakeStack _stack = null!;

    public async Task InitializeAsync() => _stack = await FakeStack.OpenAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Signal_DirectoryMountShowingNewFiles_ReloadsInPlace()
    {
        // A directory mount sees the rename an rsync or editor does: the new inode is visible, a reload loads it.
        var registry = await _stack.AdoptedAsync(_stack.Service("web", ApplyMode.Signal) with { Signal = "SIGHUP" });
        _stack.Host.Replace("configs/web/a.conf", "two");

        var item = await _stack.PlanItemAsync(registry, "web");
        var report = await _stack.ApplyAsync(registry);

        Assert.Equal((ApplyMode.Signal, null), (item.ModeToRun, item.Escalation));
        var outcome = Assert.Single(report.Outcomes);
        var e = outcome.Event;
        Assert.Equal((EventResult.Applied, "signal", "signal", null), (e.Result, e.Mode, e.ModeUsed, e.Reason));
        Assert.Equal(["signal web SIGHUP"], _stack.Runtime.Calls);
        Assert.Equal((e.NewHash, Verdict.InSync), ((await _stack.AppliedAsync("web"))!.Hash, outcome.Verdict));
    }

    [Fact]
    public async Task Signal_SingleFileMountWrittenInPlace_ReloadsInPlace()
    {
        // Written in place, the file keeps its inode: even a single-file mount shows the new bytes.
        var registry = await _stack.AdoptedAsync(_stack.FileService("web", ApplyMode.Signal) with { Signal = "SIGHUP" });
        _stack.Host.Write("configs/web/a.conf", "two");

        var item = await _stack.PlanItemAsync(registry, "web");
        var report = await _stack.ApplyAsync(registry);

        Assert.Equal((PlanAction.Apply, ApplyMode.Signal, null), (item.Action, item.ModeToRun, item.Escalation));
        Assert.False(Assert.Single(item.View!.Files).PinnedInode);
        Assert.Equal(EventResult.Applied, Assert.Single(report.Outcomes).Event.Result);
        Assert.Equal(["signal web SIGHUP"], _stack.Runtime.Calls);
    }

    [Fact]
    public async Task Verify_Fails_WhenAnInPlaceReloadRestartedTheContainer()
    {
        // The signal killed the process and the restart policy started it again: it runs and sees the new files,
        // but the reload did not happen as configured — and the next bad config would crash-loop it.
        var registry = await _stack.AdoptedAsync(_stack.Service("web", ApplyMode.Signal) with { Signal = "SIGHUP" });
        var adopted = (await _stack.AppliedAsync("web"))!.Hash;
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.Runtime.DieOnSignal.Add("web");

        var report = await _stack.ApplyAsync(registry);

        Assert.Equal(1, _stack.Runtime.Containers["web"].RestartCount);
        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.Equal(adopted, (await _stack.AppliedAsync("web"))!.Hash);
    }

    [Fact]
    public async Task Plan_PredictsEscalation_WhenSingleFileMountIsPinned()
    {
        // bug.0017: a reload would answer 200 and reload the old inode.
        var registry = await _stack.AdoptedAsync(ReloadHttp(_stack.FileService("web", ApplyMode.ReloadHttp)));
        _stack.Host.Replace("configs/web/a.conf", "two");

        var item = await _stack.PlanItemAsync(registry, "web");

        Assert.Equal((Verdict.Pending, PlanAction.Apply, ApplyMode.Restart, "stale_mount"), (item.Verdict, item.Action, item.ModeToRun, item.Escalation));
        Assert.Equal("reload_http → restart: configs/web/a.conf is a single-file mount pinned to an old inode (/etc/web/a.conf)", item.Reason);
        Assert.Empty(_stack.Runtime.Calls);
        Assert.Empty(_stack.HttpHandler.Requests);
    }

    [Fact]
    public async Task Apply_EscalatesToRestart_WhenMountIsPinned_AndRecordsEscalated()
    {
        // bug.0017: the restart re-resolves the single-file mount, so the process then sees the new inode.
        var registry = await _stack.AdoptedAsync(ReloadHttp(_stack.FileService("web", ApplyMode.ReloadHttp)));
        _stack.Host.Replace("configs/web/a.conf", "two");

        var report = await _stack.ApplyAsync(registry);

        var outcome = Assert.Single(report.Outcomes);
        var e = outcome.Event;
        Assert.Equal((EventResult.Escalated, "stale_mount", "reload_http", "restart"), (e.Result, e.Reason, e.Mode, e.ModeUsed));
        Assert.Empty(_stack.HttpHandler.Requests);
        Assert.Equal(["restart web grace=10"], _stack.Runtime.Calls);
        Assert.Equal(e.NewHash, (await _stack.AppliedAsync("web"))!.Hash);
        Assert.Equal(Verdict.InSync, outcome.Verdict);
        var after = await _stack.PlanItemAsync(registry, "web");
        Assert.Equal(Verdict.InSync, after.Verdict);
        Assert.False(Assert.Single(after.View!.Files).PinnedInode);
    }

    [Theory]
    [InlineData(StaleMountAction.Restart, PlanAction.Apply, ApplyMode.Restart)]
    [InlineData(StaleMountAction.Recreate, PlanAction.Apply, ApplyMode.Recreate)]
    [InlineData(StaleMountAction.Fail, PlanAction.Blocked, ApplyMode.ReloadHttp)]
    public async Task OnStaleMount_ChoosesTheEscalation_AndApplyRunsWhatThePlanPredicted(StaleMountAction onStale, PlanAction action, ApplyMode mode)
    {
        var registry = await _stack.AdoptedAsync(ReloadHttp(_stack.FileService("web", ApplyMode.ReloadHttp)) with { OnStaleMount = onStale });
        var adopted = (await _stack.AppliedAsync("web"))!.Hash;
        _stack.Host.Replace("configs/web/a.conf", "two");

        var item = await _stack.PlanItemAsync(registry, "web");
        var report = await _stack.ApplyAsync(registry);

        Assert.Equal((action, mode, "stale_mount"), (item.Action, item.ModeToRun, item.Escalation));
        var e = Assert.Single(report.Outcomes).Event;
        Assert.Empty(_stack.HttpHandler.Requests);
        if (action == PlanAction.Blocked)
        {
            Assert.Equal((EventResult.Failed, "stale_mount"), (e.Result, e.Reason));
            Assert.EndsWith("(on_stale_mount: fail)", e.Error, StringComparison.Ordinal);
            Assert.Empty(_stack.Runtime.Calls);
            Assert.Equal(adopted, (await _stack.AppliedAsync("web"))!.Hash);
            return;
        }

        Assert.Equal((EventResult.Escalated, item.Escalation, item.ModeToRun.Name()), (e.Result, e.Reason, e.ModeUsed));
        Assert.Equal(
            [mode == ApplyMode.Restart ? "restart web grace=10" : $"recreate web hashes=web={item.Desired.Value}"],
            _stack.Runtime.Calls);
        Assert.Equal(item.Desired.Value, (await _stack.AppliedAsync("web"))!.Hash);
    }

    [Fact]
    public async Task InPlace_EscalatesToRestart_WhenTheContainerIsNotRunning()
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web", ApplyMode.Signal) with { Signal = "SIGHUP" });
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.Runtime.Kill("web");

        var item = await _stack.PlanItemAsync(registry, "web");
        var report = await _stack.ApplyAsync(registry);

        Assert.Equal((Verdict.NotRunning, ApplyMode.Restart, "not_running"), (item.Verdict, item.ModeToRun, item.Escalation));
        Assert.Equal("signal → restart: the container is not running, so nothing can reload in place", item.Reason);
        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Escalated, "not_running", "restart"), (e.Result, e.Reason, e.ModeUsed));
        Assert.Equal(["restart web grace=10"], _stack.Runtime.Calls);
    }

    [Fact]
    public async Task InPlace_Escalates_WhenTheProcessSeesOtherContentWithoutAPinnedInode()
    {
        // A file mounted into the config directory from elsewhere: nothing is pinned, yet a reload would load it.
        var web = _stack.Service("web", ApplyMode.Signal) with { Signal = "SIGHUP" };
        var extra = _stack.Host.Write("secrets/extra.conf", "x");
        _stack.Runtime.Run("web", [.. FakeStack.Mounts(web), FakeRuntime.Bind(extra, "/etc/web/extra.conf")]);
        var registry = _stack.Registry(web);

        var item = await _stack.PlanItemAsync(registry, "web");
        var report = await _stack.ApplyAsync(registry);

        Assert.Equal((PlanAction.Apply, ApplyMode.Restart, "content_differs"), (item.Action, item.ModeToRun, item.Escalation));
        Assert.Equal("signal → restart: the process sees other content than desired, so a reload would load the wrong files", item.Reason);
        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Failed, "content_differs", "restart"), (e.Result, e.Reason, e.ModeUsed));
        Assert.EndsWith("configs/web/extra.conf only in container", e.Error, StringComparison.Ordinal);
        Assert.Null(await _stack.AppliedAsync("web"));
    }

    [Fact]
    public async Task ReloadHttp_MissingContainer_IsCreatedByTheRecreateFallback_AsPlanned()
    {
        var registry = await _stack.AdoptedAsync(ReloadHttp(_stack.Service("web", ApplyMode.ReloadHttp)) with { Fallback = ApplyMode.Recreate });
        _stack.Runtime.Remove("web");

        var item = await _stack.PlanItemAsync(registry, "web");
        var report = await _stack.ApplyAsync(registry);

        Assert.Equal((Verdict.ContainerMissing, PlanAction.Apply, ApplyMode.Recreate, "container_missing"), (item.Verdict, item.Action, item.ModeToRun, item.Escalation));
        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal((EventResult.Escalated, "container_missing", "recreate"), (outcome.Event.Result, outcome.Event.Reason, outcome.Event.ModeUsed));
        Assert.Equal([$"recreate web hashes=web={item.Desired.Value}"], _stack.Runtime.Calls);
        Assert.Empty(_stack.HttpHandler.Requests);
        Assert.Equal(Verdict.InSync, outcome.Verdict);
    }

    [Fact]
    public async Task ReloadHttp_SendsTemplatedRequest_WithoutLeakingTheSecret()
    {
        Environment.SetEnvironmentVariable("DRIFTLESS_TEST_TOKEN", "s3cr3t-value");
        Environment.SetEnvironmentVariable("DRIFTLESS_TEST_RELOAD_PORT", "12345");
        var web = ReloadHttp(_stack.Service("web", ApplyMode.ReloadHttp)) with
        {
            Reload = new ReloadSpec(
                "http://127.0.0.1:${DRIFTLESS_TEST_RELOAD_PORT}/-/reload",
                "POST",
                new Dictionary<string, string> { ["Authorization"] = "Bearer ${DRIFTLESS_TEST_TOKEN}" },
                TimeSpan.FromSeconds(2),
                []),
        };
        var registry = await _stack.AdoptedAsync(web);
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.HttpHandler.Answer(HttpStatusCode.OK);

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Applied, e.Result);
        var request = Assert.Single(_stack.HttpHandler.Requests);
        Assert.Equal((HttpMethod.Post, "http://127.0.0.1:12345/-/reload", "Bearer s3cr3t-value"), (request.Method, request.Uri.ToString(), request.Authorization));
        Assert.DoesNotContain("s3cr3t", EventJson.Serialize(e), StringComparison.Ordinal);
        Assert.All(
            await _stack.Store.HistoryAsync("web", 10, default),
            recorded => Assert.DoesNotContain("s3cr3t", EventJson.Serialize(recorded), StringComparison.Ordinal));
        Assert.Empty(_stack.Runtime.Calls);
    }

    [Fact]
    public async Task ReloadHttp_Non2xx_FailsClosed_WithoutFallback()
    {
        var registry = await _stack.AdoptedAsync(ReloadHttp(_stack.Service("web", ApplyMode.ReloadHttp)) with { Fallback = ApplyMode.Restart });
        var adopted = (await _stack.AppliedAsync("web"))!.Hash;
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.HttpHandler.Answer(HttpStatusCode.InternalServerError);

        var report = await _stack.ApplyAsync(registry);

        var outcome = Assert.Single(report.Outcomes);
        Assert.Equal(EventResult.Failed, outcome.Event.Result);
        Assert.Contains("answered 500 (expected 2xx): the service rejected the change", outcome.Event.Error, StringComparison.Ordinal);
        Assert.Equal(Verdict.Failed, outcome.Verdict);
        Assert.Empty(_stack.Runtime.Calls);
        Assert.Equal(adopted, (await _stack.AppliedAsync("web"))!.Hash);
        Assert.Equal((Verdict.Failed, PlanAction.Apply), await VerdictAndActionAsync(registry));
    }

    [Fact]
    public async Task ReloadHttp_Unreachable_RunsFallback_AndSaysSo()
    {
        var registry = await _stack.AdoptedAsync(ReloadHttp(_stack.Service("web", ApplyMode.ReloadHttp)) with { Fallback = ApplyMode.Restart });
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.HttpHandler.Refuse();

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Escalated, "reload_http", "restart"), (e.Result, e.Mode, e.ModeUsed));
        Assert.StartsWith($"fallback: reload endpoint {ReloadUrl} unreachable", e.Reason, StringComparison.Ordinal);
        Assert.Single(_stack.HttpHandler.Requests);
        Assert.Equal(["restart web grace=10"], _stack.Runtime.Calls);
        Assert.Equal(e.NewHash, (await _stack.AppliedAsync("web"))!.Hash);
    }

    [Fact]
    public async Task ReloadHttp_Unreachable_WithoutFallback_Fails()
    {
        var registry = await _stack.AdoptedAsync(ReloadHttp(_stack.Service("web", ApplyMode.ReloadHttp)));
        var adopted = (await _stack.AppliedAsync("web"))!.Hash;
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.HttpHandler.Refuse();

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.StartsWith($"reload endpoint {ReloadUrl} unreachable", e.Error, StringComparison.Ordinal);
        Assert.Empty(_stack.Runtime.Calls);
        Assert.Equal(adopted, (await _stack.AppliedAsync("web"))!.Hash);
    }

    [Fact]
    public async Task Exec_RunsTheArgvInsideTheContainer_AndRecordsItsOutput()
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web", ApplyMode.Exec) with { Exec = ["caddy", "reload"] });
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.Runtime.ExecResults["web"] = new ExecOutcome(0, "reloaded");

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Applied, "exit 0: reloaded"), (e.Result, e.Output));
        Assert.Equal(["exec web caddy reload"], _stack.Runtime.Calls);
    }

    [Fact]
    public async Task Exec_NonZeroExit_Fails_WithOutputInEvent()
    {
        var registry = await _stack.AdoptedAsync(_stack.Service("web", ApplyMode.Exec) with { Exec = ["caddy", "reload"] });
        var adopted = (await _stack.AppliedAsync("web"))!.Hash;
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.Runtime.ExecResults["web"] = new ExecOutcome(1, "Error: adapting config: bad directive");

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Failed, "exec `caddy` exited 1"), (e.Result, e.Error));
        Assert.Equal("exit 1: Error: adapting config: bad directive", e.Output);
        Assert.Equal(adopted, (await _stack.AppliedAsync("web"))!.Hash);
    }

    [Fact]
    public async Task VerifyHttp_RetriesUntilHealthy()
    {
        var registry = await _stack.AdoptedAsync(WithHealthCheck(TimeSpan.FromSeconds(1)));
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.HttpHandler.Answer(HttpStatusCode.ServiceUnavailable).Answer(HttpStatusCode.OK, "all ok");

        var report = await ApplyAdvancingAsync(registry, 100);

        Assert.Equal(EventResult.Applied, Assert.Single(report.Outcomes).Event.Result);
        Assert.Equal(2, _stack.HttpHandler.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(100)], Gaps(_stack.HttpHandler.RequestedAt));
    }

    [Fact]
    public async Task VerifyHttp_FailsAfterTheTimeout_RetryingWithCappedDoubling()
    {
        // CappedExponentialBackoff(100ms, 2s): the delays double from 100ms and stop growing at 2s; the next
        // attempt that would start past verify.timeout is not made.
        int[] delays = [100, 200, 400, 800, 1600, 2000, 2000, 2000];
        var registry = await _stack.AdoptedAsync(WithHealthCheck(TimeSpan.FromSeconds(10)));
        var adopted = (await _stack.AppliedAsync("web"))!.Hash;
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.HttpHandler.Answer(HttpStatusCode.ServiceUnavailable);

        var report = await ApplyAdvancingAsync(registry, delays);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.EndsWith($"verify.http {HealthUrl} answered 503 (expected 200) (retried for 10s)", e.Error, StringComparison.Ordinal);
        Assert.Equal(delays.Length + 1, _stack.HttpHandler.Requests.Count);
        Assert.Equal(delays.Select(ms => TimeSpan.FromMilliseconds(ms)), Gaps(_stack.HttpHandler.RequestedAt));
        Assert.Equal(delays.Select(ms => TimeSpan.FromMilliseconds(ms)), _stack.Time.Waits);
        Assert.Equal(adopted, (await _stack.AppliedAsync("web"))!.Hash);
    }

    [Fact]
    public async Task VerifyHttp_BodyWithoutTheExpectedText_FailsAfterTheTimeout()
    {
        var registry = await _stack.AdoptedAsync(WithHealthCheck(TimeSpan.FromSeconds(1)));
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.HttpHandler.Answer(HttpStatusCode.OK, "degraded");

        var report = await ApplyAdvancingAsync(registry, 100, 200, 400);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.EndsWith($"verify.http {HealthUrl} answered 200 without the expected text (retried for 1s)", e.Error, StringComparison.Ordinal);
        Assert.Equal(4, _stack.HttpHandler.Requests.Count);
    }

    [Fact]
    public async Task VerifyExec_RetriesUntilItExitsZero()
    {
        var web = _stack.Service("web", ApplyMode.Signal) with
        {
            Signal = "SIGHUP",
            Verify = new VerifySpec(TimeSpan.Zero) { Exec = ["wget", "-q", "-O-", "http://127.0.0.1:8080/ready"], Timeout = TimeSpan.FromSeconds(1) },
        };
        var registry = await _stack.AdoptedAsync(web);
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.Runtime.ExecSequence["web"] = new([new ExecOutcome(1, "connection refused"), new ExecOutcome(1, "connection refused"), new ExecOutcome(0, "ready")]);

        var report = await ApplyAdvancingAsync(registry, 100, 200);

        Assert.Equal(EventResult.Applied, Assert.Single(report.Outcomes).Event.Result);
        const string check = "exec web wget -q -O- http://127.0.0.1:8080/ready";
        Assert.Equal(["signal web SIGHUP", check, check, check], _stack.Runtime.Calls);
    }

    [Fact]
    public async Task VerifyExec_StillFailingAtTheTimeout_FailsWithItsOutput()
    {
        var web = _stack.Service("web", ApplyMode.Signal) with
        {
            Signal = "SIGHUP",
            Verify = new VerifySpec(TimeSpan.Zero) { Exec = ["wget", "http://127.0.0.1:8080/ready"], Timeout = TimeSpan.FromSeconds(1) },
        };
        var registry = await _stack.AdoptedAsync(web);
        _stack.Host.Write("configs/web/a.conf", "two");
        _stack.Runtime.ExecResults["web"] = new ExecOutcome(1, "connection refused");

        var report = await ApplyAdvancingAsync(registry, 100, 200, 400);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.EndsWith("verify.exec `wget` exited 1: connection refused (retried for 1s)", e.Error, StringComparison.Ordinal);
        Assert.Equal(4, _stack.Runtime.Calls.Count(c => c.StartsWith("exec web wget", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task DependsOn_OrderIsRespected_AndAFailedDependencyBlocksItsDependents()
    {
        var db = _stack.Service("db", ApplyMode.Exec) with { Exec = ["reload-db"] };
        var api = _stack.Service("api", ApplyMode.Exec) with { Exec = ["reload-api"], DependsOn = ["db"] };
        var web = _stack.Service("web", ApplyMode.Exec) with { Exec = ["reload-web"], DependsOn = ["api"] };
        var registry = await _stack.AdoptedAsync(web, api, db);
        ChangeAll("two");

        var report = await _stack.ApplyAsync(registry, new ApplyOptions(Parallelism: 4));

        Assert.Equal(["exec db reload-db", "exec api reload-api", "exec web reload-web"], _stack.Runtime.Calls);
        Assert.True(report.Succeeded);

        _stack.Runtime.Calls.Clear();
        _stack.Runtime.ExecResults["db"] = new ExecOutcome(2, "down");
        ChangeAll("three");

        var failed = await _stack.ApplyAsync(registry, new ApplyOptions(Parallelism: 4));

        Assert.Equal(["exec db reload-db"], _stack.Runtime.Calls);
        Assert.Equal(
            [("web", EventResult.Failed, Verdict.Failed), ("api", EventResult.Failed, Verdict.Failed), ("db", EventResult.Failed, Verdict.Failed)],
            failed.Outcomes.Select(o => (o.Item.Service.Name, o.Event.Result, o.Verdict)).ToArray());
        Assert.StartsWith("not applied: dependency api", failed.Outcomes[0].Event.Error, StringComparison.Ordinal);
        Assert.StartsWith("not applied: dependency db", failed.Outcomes[1].Event.Error, StringComparison.Ordinal);

        void ChangeAll(string content)
        {
            foreach (var name in new[] { "web", "api", "db" })
            {
                _stack.Host.Write($"configs/{name}/a.conf", content);
            }
        }
    }

    private static ServiceSpec ReloadHttp(ServiceSpec service) => service with
    {
        Reload = new ReloadSpec(ReloadUrl, "POST", new Dictionary<string, string>(), TimeSpan.FromSeconds(2), []),
    };

    private ServiceSpec WithHealthCheck(TimeSpan timeout) => _stack.Service("web", ApplyMode.Signal) with
    {
        Signal = "SIGHUP",
        Verify = new VerifySpec(TimeSpan.Zero)
        {
            Http = new HttpCheckSpec(HealthUrl, [200], "ok", new Dictionary<string, string>()),
            Timeout = timeout,
        },
    };

    private async Task<(Verdict, PlanAction)> VerdictAndActionAsync(DriftlessRegistry registry)
    {
        var item = await _stack.PlanItemAsync(registry, "web");
        return (item.Verdict, item.Action);
    }

    /// <summary>
    /// Applies, advancing the fake clock by each expected delay once the pass has started waiting it out; a pass
    /// that waits longer than expected never gets its attempt and the wait for the next one times out.
    /// </summary>
    private async Task<ApplyReport> ApplyAdvancingAsync(DriftlessRegistry registry, params int[] delaysMs)
    {
        var before = _stack.Time.Waits.Count;
        var waits = before;
        var applying = _stack.ApplyAsync(registry);
        foreach (var ms in delaysMs)
        {
            await Wait.UntilAsync(() => _stack.Time.Waits.Count > waits || applying.IsCompleted, $"the pass waits before retry {waits + 1}");
            Assert.False(applying.IsCompleted, $"the pass ended after {waits} retries; expected {delaysMs.Length}");
            waits++;
            _stack.Time.Advance(TimeSpan.FromMilliseconds(ms));
        }

        var report = await applying;
        Assert.Equal(before + delaysMs.Length, _stack.Time.Waits.Count);
        return report;
    }

    private static List<TimeSpan> Gaps(IReadOnlyList<DateTimeOffset> times) =>
        times.Zip(times.Skip(1), (earlier, later) => later - earlier).ToList();
}
