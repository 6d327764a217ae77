using Driftless.Core.Errors;
using Driftless.Core.Events;
using Driftless.Core.Execution;
using Driftless.Core.Planning;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Execution;

/// <summary>
/// <c>check:</c> through the one pass on the fake engine: the check runs before any mode; a refused change leaves
/// the live container untouched, records <c>rejected</c>/<c>check_failed</c> with the check's output, keeps the
/// record where it was and the plan pending; a fixed file then applies.
/// </summary>
public sealed class CheckBeforeApplyTests : IAsyncLifetime
{
    private static readonly CheckSpec Validate = new(["caddy", "validate", "--config", "/etc/web/a.conf"], TimeSpan.FromSeconds(30), CheckLocation.Container);

    private FakeStack _stack = null!;

    public async Task InitializeAsync() => _stack = await FakeStack.OpenAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task PassingCheck_RunsInTheServicesImageWithItsMountsReadOnly_ThenTheModeRuns()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("web") with { Check = Validate });
        var live = _stack.Runtime.Containers["web"];
        _stack.Host.Replace("configs/web/a.conf", "two");

        var report = await _stack.ApplyAsync(registry);

        Assert.Equal(EventResult.Applied, Assert.Single(report.Outcomes).Event.Result);
        Assert.Equal("check web/", _stack.Runtime.Calls[0][..10]);
        Assert.StartsWith("restart web", _stack.Runtime.Calls[1], StringComparison.Ordinal);
        var run = Assert.Single(_stack.Runtime.CheckRuns);
        Assert.Equal(("demo", live.Image, Validate.Exec, Validate.Timeout), (run.Project, run.Image, run.Argv, run.Timeout));
        var mount = Assert.Single(run.Mounts);
        Assert.Equal((live.Mounts[0].Source, "/etc/web/a.conf", true), (mount.Source, mount.Target, mount.ReadOnly));
        Assert.Equal(report.Outcomes[0].Event.NewHash, (await _stack.AppliedAsync("web"))!.Hash);
    }

    [Fact]
    public async Task FailingCheck_TouchesNothing_RecordsRejectedWithOutput_KeepsPlanPending_AndAFixedFileApplies()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("web") with { Check = Validate });
        var adopted = (await _stack.AppliedAsync("web"))!.Hash;
        var live = _stack.Runtime.Containers["web"];
        _stack.Host.Replace("configs/web/a.conf", "broken {");
        _stack.Runtime.CheckResult = new CheckRunResult(1, false, "Error: adapting config using caddyfile: Caddyfile:1: unexpected token", TimeSpan.FromSeconds(1));

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.False(report.Succeeded);
        Assert.Equal((EventResult.Rejected, ServiceApplier.CheckFailedReason, null), (e.Result, e.Reason, e.ModeUsed));
        Assert.Equal("check `caddy` exited 1", e.Error);
        Assert.Contains("Caddyfile:1: unexpected token", e.Output, StringComparison.Ordinal);
        Assert.All(_stack.Runtime.Calls, call => Assert.StartsWith("check web/", call, StringComparison.Ordinal));
        Assert.Same(live, _stack.Runtime.Containers["web"]);
        Assert.Equal(adopted, (await _stack.AppliedAsync("web"))!.Hash);
        var history = await _stack.Store.HistoryAsync("web", 1, CancellationToken.None);
        Assert.Equal(EventResult.Rejected, Assert.Single(history).Result);

        var pending = await _stack.PlanItemAsync(registry, "web");
        Assert.Equal((PlanAction.Apply, Verdict.Failed), (pending.Action, pending.Verdict));

        _stack.Host.Replace("configs/web/a.conf", "fixed");
        _stack.Runtime.CheckResult = new CheckRunResult(0, false, "Valid configuration", TimeSpan.FromSeconds(1));
        var fixedReport = await _stack.ApplyAsync(registry);

        Assert.Equal(EventResult.Applied, Assert.Single(fixedReport.Outcomes).Event.Result);
        Assert.Equal(Verdict.InSync, (await _stack.PlanItemAsync(registry, "web")).Verdict);
    }

    [Fact]
    public async Task TimedOutCheck_IsRejected_AndSaysSo()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("web") with { Check = Validate with { Timeout = TimeSpan.FromSeconds(5) } });
        _stack.Host.Replace("configs/web/a.conf", "two");
        _stack.Runtime.CheckResult = new CheckRunResult(null, true, "still validating", TimeSpan.FromSeconds(5));

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Rejected, "check `caddy` timed out after 5s and was killed"), (e.Result, e.Error));
        Assert.DoesNotContain(_stack.Runtime.Calls, call => call.StartsWith("restart", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ManagedService_IsCheckedWithTheNewSpecsImageEnvAndVolumes_BeforeItIsReplaced()
    {
        var configs = _stack.Host.PathOf("configs/gateway");
        _stack.Host.Write("configs/gateway/gw.conf", "listen 8080");
        ServiceSpec Gateway(string image, string level) => new ServiceSpec("gateway", null, [new InputSpec("configs/gateway/", configs, InputKind.Directory)], ApplyMode.Restart, null, new VerifySpec(TimeSpan.Zero))
        {
            Managed = new ManagedSpec(image, [], new Dictionary<string, string> { ["LOG_LEVEL"] = level }, [], [new VolumeBinding(configs, "/etc/gw", ReadOnly: true)], "SIGTERM", TimeSpan.FromSeconds(30)),
            Check = new CheckSpec(["gw", "--check", "/etc/gw/gw.conf"], TimeSpan.FromSeconds(30), CheckLocation.Container),
        };
        await _stack.ApplyAsync(_stack.Registry(Gateway("gateway:v2", "info")));
        var live = _stack.Runtime.Containers["gateway"];
        _stack.Runtime.Calls.Clear();
        _stack.Runtime.CheckRuns.Clear();
        _stack.Runtime.CheckResult = new CheckRunResult(1, false, "unknown level debug", TimeSpan.Zero);

        var e = Assert.Single((await _stack.ApplyAsync(_stack.Registry(Gateway("gateway:v3", "debug")))).Outcomes).Event;

        var run = Assert.Single(_stack.Runtime.CheckRuns);
        Assert.Equal(("gateway:v3", "debug"), (run.Image, run.Environment["LOG_LEVEL"]));
        Assert.Equal(new CheckMount(configs, "/etc/gw"), Assert.Single(run.Mounts));
        Assert.Equal(EventResult.Rejected, e.Result);
        Assert.Same(live, _stack.Runtime.Containers["gateway"]);
        Assert.Single(_stack.Runtime.Calls);
    }

    [Fact]
    public async Task HostCheck_RunsTheExpandedArgvOnTheHost_AndNoContainerCheck()
    {
        var web = _stack.FileService("web") with { Check = new CheckSpec(["validator", "--file={input}"], TimeSpan.FromSeconds(7), CheckLocation.Host) };
        var registry = await _stack.AdoptedAsync(web);
        _stack.Host.Replace("configs/web/a.conf", "two");
        _stack.HostCommands.Result = new CheckRunResult(2, false, "a.conf:1: bad", TimeSpan.Zero);

        var e = Assert.Single((await _stack.ApplyAsync(registry)).Outcomes).Event;

        var run = Assert.Single(_stack.HostCommands.Runs);
        Assert.Equal(["validator", "--file=" + _stack.Host.PathOf("configs/web/a.conf")], run.Argv);
        Assert.Equal((_stack.Host.Root, TimeSpan.FromSeconds(7)), (run.WorkingDirectory, run.Timeout));
        Assert.Empty(_stack.Runtime.Calls);
        Assert.Equal((EventResult.Rejected, "a.conf:1: bad"), (e.Result, e.Output));
    }

    [Fact]
    public async Task CheckThatCannotRun_IsRejected_AndTouchesNothing()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("web") with { Check = Validate });
        _stack.Host.Replace("configs/web/a.conf", "two");
        _stack.Runtime.CheckFailure = new DriftlessException(ErrorKind.ApplyFailed, "web: the check container could not start: image not found");

        var report = await _stack.ApplyAsync(registry);

        var e = Assert.Single(report.Outcomes).Event;
        Assert.Equal((EventResult.Rejected, "check could not run: web: the check container could not start: image not found"), (e.Result, e.Error));
        Assert.All(_stack.Runtime.Calls, call => Assert.StartsWith("check web/", call, StringComparison.Ordinal));
        Assert.False(report.Succeeded);
    }

    [Fact]
    public async Task NoChange_RunsNoCheck()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("web") with { Check = Validate });

        var e = Assert.Single((await _stack.ApplyAsync(registry)).Outcomes).Event;

        Assert.Equal(EventResult.Noop, e.Result);
        Assert.Empty(_stack.Runtime.CheckRuns);
    }

    [Fact]
    public async Task Apply_RemovesLeftoverCheckContainersFirst()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("web"));
        _stack.Runtime.LeftoverChecks = 2;

        await _stack.ApplyAsync(registry);

        Assert.Equal(0, _stack.Runtime.LeftoverChecks);
    }
}
