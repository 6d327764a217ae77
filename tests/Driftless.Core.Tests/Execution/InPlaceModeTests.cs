using System.Net;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Hashing;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.State;
using Driftless.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Driftless.Core.Tests.Execution;

public sealed class InPlaceModeTests : IAsyncLifetime
{
    private static readonly ContentHash Old = Samples.Hash(("configs/web/a.conf", "one"));
    private static readonly ContentHash New = Samples.Hash(("configs/web/a.conf", "two"));

    private readonly TempDirectory _dir = new();
    private readonly FakeRuntime _runtime = new();
    private readonly StubHttpHandler _handler = new();
    private SqliteStateStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStateStore.OpenAsync(_dir.Path, readOnly: false, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Signal_DirectoryMountShowingNewFiles_ReloadsInPlace()
    {
        var web = Samples.Service("web", ApplyMode.Signal) with { Signal = "SIGHUP" };
        RunSeeing(web.Name, New);

        var (report, item) = await ApplyAsync(web, New, Old);

        Assert.Equal(ApplyMode.Signal, item.ModeToRun);
        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Applied, "signal", "signal"), (e.Result, e.Mode, e.ModeUsed));
        Assert.Equal(["signal web SIGHUP"], _runtime.Calls);
    }

    [Fact]
    public async Task Plan_PredictsEscalation_WhenSingleFileMountIsPinned()
    {
        var web = ReloadHttp();
        RunSeeing(web.Name, Old, pinned: true);

        var item = await PlanAsync(web, New, Old);

        Assert.Equal((PlanAction.Apply, ApplyMode.Restart, "stale_mount"), (item.Action, item.ModeToRun, item.Escalation));
        Assert.StartsWith("reload_http → restart: configs/web/a.conf is a single-file mount pinned to an old inode", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_EscalatesToRestart_WhenMountIsPinned_AndRecordsEscalated()
    {
        var web = ReloadHttp();
        RunSeeing(web.Name, Old, pinned: true);
        _runtime.SetHostContent(web.Name, New.Files);

        var (report, _) = await ApplyAsync(web, New, Old);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Escalated, "stale_mount", "reload_http", "restart"), (e.Result, e.Reason, e.Mode, e.ModeUsed));
        Assert.Empty(_handler.Requests);
        Assert.Equal(New.Value, (await _store.LoadAppliedAsync(default))[web.Name].Hash);
    }

    [Theory]
    [InlineData(StaleMountAction.Recreate, PlanAction.Apply, ApplyMode.Recreate)]
    [InlineData(StaleMountAction.Fail, PlanAction.Blocked, ApplyMode.ReloadHttp)]
    public async Task OnStaleMount_ChoosesTheEscalation(StaleMountAction onStale, PlanAction action, ApplyMode mode)
    {
        var web = ReloadHttp() with { OnStaleMount = onStale };
        RunSeeing(web.Name, Old, pinned: true);

        var item = await PlanAsync(web, New, Old);

        Assert.Equal((action, mode), (item.Action, item.ModeToRun));
    }

    [Fact]
    public async Task ReloadHttp_SendsTemplatedRequest_WithoutLeakingTheSecret()
    {
        Environment.SetEnvironmentVariable("DRIFTLESS_TEST_TOKEN", "s3cr3t-value");
        var web = ReloadHttp();
        RunSeeing(web.Name, New);
        _handler.Answer(HttpStatusCode.OK);

        var (report, _) = await ApplyAsync(web, New, Old);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Applied, e.Result);
        var request = Assert.Single(_handler.Requests);
        Assert.Equal((HttpMethod.Post, "Bearer s3cr3t-value"), (request.Method, request.Authorization));
        Assert.DoesNotContain("s3cr3t", EventJson.Serialize(e), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReloadHttp_Non2xx_FailsClosed_WithoutFallback()
    {
        var web = ReloadHttp() with { Fallback = ApplyMode.Restart };
        RunSeeing(web.Name, New);
        _handler.Answer(HttpStatusCode.InternalServerError);

        var (report, _) = await ApplyAsync(web, New, Old);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.Contains("answered 500 (expected 2xx): the service rejected the change", e.Error, StringComparison.Ordinal);
        Assert.Empty(_runtime.Calls);
        Assert.Equal(Old.Value, (await _store.LoadAppliedAsync(default))[web.Name].Hash);
    }

    [Fact]
    public async Task ReloadHttp_Unreachable_RunsFallback_AndSaysSo()
    {
        var web = ReloadHttp() with { Fallback = ApplyMode.Restart };
        RunSeeing(web.Name, New);
        _handler.Refuse();

        var (report, _) = await ApplyAsync(web, New, Old);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Escalated, "restart"), (e.Result, e.ModeUsed));
        Assert.StartsWith("fallback: reload endpoint http://127.0.0.1:9/-/reload unreachable", e.Reason, StringComparison.Ordinal);
        Assert.Equal([$"restart web grace=10"], _runtime.Calls);
    }

    [Fact]
    public async Task ReloadHttp_Unreachable_WithoutFallback_Fails()
    {
        var web = ReloadHttp();
        RunSeeing(web.Name, New);
        _handler.Refuse();

        var (report, _) = await ApplyAsync(web, New, Old);

        Assert.Equal(EventResult.Failed, Assert.Single(report.Outcomes).Event.Result);
    }

    [Fact]
    public async Task Exec_NonZeroExit_Fails_WithOutputInEvent()
    {
        var web = Samples.Service("web", ApplyMode.Exec) with { Exec = ["caddy", "reload"] };
        RunSeeing(web.Name, New);
        _runtime.ExecResults[web.Name] = new ExecOutcome(1, "Error: adapting config: bad directive");

        var (report, _) = await ApplyAsync(web, New, Old);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Failed, "exec `caddy` exited 1"), (e.Result, e.Error));
        Assert.Equal("exit 1: Error: adapting config: bad directive", e.Output);
    }

    [Fact]
    public async Task VerifyHttp_RetriesUntilHealthy_ThenFailsAfterTimeout()
    {
        var web = Samples.Service("web", ApplyMode.Signal) with
        {
            Signal = "SIGHUP",
            Verify = new VerifySpec(TimeSpan.Zero) { Http = new HttpCheckSpec("http://127.0.0.1:9/health", [200], "ok", new Dictionary<string, string>()), Timeout = TimeSpan.FromSeconds(1) },
        };
        RunSeeing(web.Name, New);
        _handler.Answer(HttpStatusCode.ServiceUnavailable).Answer(HttpStatusCode.OK, "all ok");

        var (healthy, _) = await ApplyAsync(web, New, Old);
        Assert.Equal(EventResult.Applied, Assert.Single(healthy.Outcomes).Event.Result);
        Assert.Equal(2, _handler.Requests.Count);

        _handler.Reset().Answer(HttpStatusCode.OK, "degraded");
        var three = Samples.Hash(("configs/web/a.conf", "three"));
        Show(web.Name, three);
        var (unhealthy, _) = await ApplyAsync(web, three, New);
        var e = Assert.Single(unhealthy.Outcomes).Event;
        Assert.Equal(EventResult.Failed, e.Result);
        Assert.Contains("verify.http http://127.0.0.1:9/health answered 200 without the expected text (retried for 1s)", e.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DependsOn_OrderIsRespected_AndAFailedDependencyBlocksItsDependents()
    {
        var db = Samples.Service("db", ApplyMode.Exec) with { Exec = ["reload-db"] };
        var api = Samples.Service("api", ApplyMode.Exec) with { Exec = ["reload-api"], DependsOn = ["db"] };
        var web = Samples.Service("web", ApplyMode.Exec) with { Exec = ["reload-web"], DependsOn = ["api"] };
        foreach (var s in new[] { web, api, db })
        {
            RunSeeing(s.Name, New);
            await SeedAsync(s.Name, Old);
        }

        var registry = Samples.Registry(web, api, db);
        var report = await ExecuteAsync(registry, new ApplyOptions(Parallelism: 4), await PlanItemsAsync(registry, New));
        Assert.Equal(["exec db reload-db", "exec api reload-api", "exec web reload-web"], _runtime.Calls);
        Assert.True(report.Succeeded);

        _runtime.Calls.Clear();
        _runtime.ExecResults["db"] = new ExecOutcome(2, "down");
        var next = Samples.Hash(("configs/web/a.conf", "three"));
        foreach (var s in new[] { web, api, db })
        {
            Show(s.Name, next);
        }

        var failed = await ExecuteAsync(registry, new ApplyOptions(Parallelism: 4), await PlanItemsAsync(registry, next));
        Assert.Equal(["exec db reload-db"], _runtime.Calls);
        Assert.Equal(
            [("web", EventResult.Failed), ("api", EventResult.Failed), ("db", EventResult.Failed)],
            failed.Outcomes.Select(o => (o.Item.Service.Name, o.Event.Result)).ToArray());
        Assert.StartsWith("not applied: dependency api", failed.Outcomes[0].Event.Error, StringComparison.Ordinal);
    }

    private ServiceSpec ReloadHttp() => Samples.Service("web", ApplyMode.ReloadHttp) with
    {
        Reload = new ReloadSpec(
            "http://127.0.0.1:9/-/reload",
            "POST",
            new Dictionary<string, string> { ["Authorization"] = "Bearer ${DRIFTLESS_TEST_TOKEN}" },
            TimeSpan.FromSeconds(2),
            []),
    };

    private void RunSeeing(string service, ContentHash seen, bool pinned = false)
    {
        _runtime.Run(service, Samples.Entries(seen));
        _runtime.SetHostContent(service, New.Files);
        if (pinned)
        {
            _runtime.PinnedServices.Add(service);
        }
    }

    /// <summary>A directory mount: the process sees the host's new files at once (and a reload loads them).</summary>
    private void Show(string service, ContentHash hash)
    {
        _runtime.Seen[service] = hash.Files.ToDictionary(f => f.RelativePath, f => f.Digest, StringComparer.Ordinal);
        _runtime.SetHostContent(service, hash.Files);
    }

    private async Task SeedAsync(string service, ContentHash applied) => await _store.RecordAsync(
        new ApplyEvent(DateTimeOffset.UnixEpoch, service, null, applied.Value, [], "exec", EventResult.Adopted, 0, null, null, null),
        new AppliedRecord(service, applied.Value, applied.Files.Select(f => new RecordedDigest(f.RelativePath, f.Digest)).ToList(), null, "adopted", DateTimeOffset.UnixEpoch),
        default);

    private async Task<PlanItem> PlanAsync(ServiceSpec service, ContentHash desired, ContentHash applied)
    {
        await SeedAsync(service.Name, applied);
        return (await PlanItemsAsync(Samples.Registry(service), desired))[0];
    }

    private async Task<List<PlanItem>> PlanItemsAsync(DriftlessRegistry registry, ContentHash desired)
    {
        var records = await _store.LoadAppliedAsync(default);
        var items = new List<PlanItem>();
        foreach (var service in registry.Services)
        {
            var container = await _runtime.FindAsync(service.TargetIn(registry), default);
            var view = container is { Running: true } ? await _runtime.ObserveAsync(container, service.Inputs, desired, "/srv", default) : null;
            items.Add(Planner.PlanService(service, desired, records.GetValueOrDefault(service.Name), container, view));
        }

        return items;
    }

    private async Task<(ApplyReport Report, PlanItem Item)> ApplyAsync(ServiceSpec service, ContentHash desired, ContentHash applied)
    {
        var item = await PlanAsync(service, desired, applied);
        return (await ExecuteAsync(Samples.Registry(service), new ApplyOptions(), [item]), item);
    }

    private async Task<ApplyReport> ExecuteAsync(DriftlessRegistry registry, ApplyOptions options, List<PlanItem> items)
    {
        using var http = new HttpClient(_handler, disposeHandler: false);
        var executor = new Executor(
            ApplyStrategies.For(_runtime, http),
            new Verifier(_runtime, http, TimeProvider.System),
            _store,
            TimeProvider.System,
            NullLogger<Executor>.Instance,
            _runtime);
        return await executor.ExecuteAsync(registry, new Plan(items), options, default);
    }
}
