using Driftless.Core.Checks;
using Driftless.Core.Errors;
using Driftless.Core.Registry;
using Driftless.Core.Runtime;
using Driftless.Core.Tests.Fakes;

namespace Driftless.Core.Tests.Checks;

/// <summary>
/// <c>driftless check</c> through the one pass on the fake engine: which services are checked, in what order, with
/// what result — and that nothing is touched or recorded.
/// </summary>
public sealed class CheckOnlyRunTests : IAsyncLifetime
{
    private static readonly CheckSpec Validate = new(["caddy", "validate", "--config", "/etc/edge/a.conf"], TimeSpan.FromSeconds(30), CheckLocation.Container);
    private static readonly CheckSpec HostValidate = new(["validator", "{input}"], TimeSpan.FromSeconds(7), CheckLocation.Host);

    private FakeStack _stack = null!;

    public async Task InitializeAsync() => _stack = await FakeStack.OpenAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task EveryCheckRuns_InRegistryOrder_ChangedOrNot_AndAServiceWithoutOneIsSkipped()
    {
        var registry = await _stack.AdoptedAsync(
            _stack.FileService("edge") with { Check = Validate },
            _stack.FileService("api"),
            _stack.FileService("tool") with { Check = HostValidate });
        var history = await _stack.Store.HistoryAsync(null, 100, CancellationToken.None);
        var applied = await _stack.Store.LoadAppliedAsync(CancellationToken.None);
        var live = _stack.Runtime.Containers["edge"];

        var report = await CheckAsync(registry);

        Assert.Equal(["edge", "api", "tool"], report.Services.Select(s => s.Service));
        Assert.Equal([CheckRunVerdict.Passed, CheckRunVerdict.Skipped, CheckRunVerdict.Passed], report.Services.Select(s => s.Outcome));
        Assert.Equal<CheckLocation?>([CheckLocation.Container, null, CheckLocation.Host], report.Services.Select(s => s.Where));
        Assert.Equal((2, 0, 1, true), (report.Passed, report.Failed, report.Skipped, report.Succeeded));
        var run = Assert.Single(_stack.Runtime.CheckRuns);
        Assert.Equal((live.Image, Validate.Exec), (run.Image, run.Argv));
        Assert.Equal(new CheckMount(live.Mounts[0].Source, "/etc/edge/a.conf"), Assert.Single(run.Mounts));
        Assert.Equal(["validator", _stack.Host.PathOf("configs/tool/a.conf")], Assert.Single(_stack.HostCommands.Runs).Argv);
        Assert.All(_stack.Runtime.Calls, call => Assert.StartsWith("check edge/", call, StringComparison.Ordinal));
        Assert.Same(live, _stack.Runtime.Containers["edge"]);
        Assert.Equal(history.Count, (await _stack.Store.HistoryAsync(null, 100, CancellationToken.None)).Count);
        Assert.Equal(applied.Values.Select(r => r.Hash), (await _stack.Store.LoadAppliedAsync(CancellationToken.None)).Values.Select(r => r.Hash));
    }

    [Fact]
    public async Task FailingCheck_ReportsItsErrorAndOutputLines_TheNextStillRuns_AndTheReportFails()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("edge") with { Check = Validate }, _stack.FileService("tool") with { Check = HostValidate });
        _stack.Runtime.CheckResult = new CheckRunResult(1, false, "Error: adapting config\nCaddyfile:1: unexpected token\n", TimeSpan.FromMilliseconds(410));

        var report = await CheckAsync(registry);

        var edge = report.Services[0];
        Assert.Equal((CheckRunVerdict.Failed, "check `caddy` exited 1", TimeSpan.FromMilliseconds(410)), (edge.Outcome, edge.Error, edge.Duration));
        Assert.Equal(["Error: adapting config", "Caddyfile:1: unexpected token"], edge.Output);
        Assert.Equal(CheckRunVerdict.Passed, report.Services[1].Outcome);
        Assert.Equal((1, 1, false), (report.Passed, report.Failed, report.Succeeded));
    }

    [Fact]
    public async Task TimedOutCheck_Fails_AndSaysSo()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("edge") with { Check = Validate with { Timeout = TimeSpan.FromSeconds(5) } });
        _stack.Runtime.CheckResult = new CheckRunResult(null, true, "still validating", TimeSpan.FromSeconds(5));

        var edge = Assert.Single((await CheckAsync(registry)).Services);

        Assert.Equal((CheckRunVerdict.Failed, "check `caddy` timed out after 5s and was killed"), (edge.Outcome, edge.Error));
    }

    [Fact]
    public async Task CheckThatCannotRun_Fails()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("edge") with { Check = Validate });
        _stack.Runtime.CheckFailure = new DriftlessException(ErrorKind.ApplyFailed, "edge: the check container could not start: image not found");

        var report = await CheckAsync(registry);

        var edge = Assert.Single(report.Services);
        Assert.Equal((CheckRunVerdict.Failed, "check could not run: edge: the check container could not start: image not found"), (edge.Outcome, edge.Error));
        Assert.False(report.Succeeded);
    }

    [Fact]
    public async Task ComposeServiceWithoutAContainer_FailsWithoutRunning_UnknownIsNeverSuccess()
    {
        var registry = _stack.Registry(_stack.FileService("edge") with { Check = Validate });

        var report = await CheckAsync(registry);

        var edge = Assert.Single(report.Services);
        Assert.Equal((CheckRunVerdict.Failed, CheckOnlyRun.NoContainer), (edge.Outcome, edge.Error));
        Assert.Empty(_stack.Runtime.CheckRuns);
        Assert.False(report.Succeeded);
    }

    [Fact]
    public async Task StoppedComposeContainer_IsCheckedWithItsImageAndMounts()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("edge") with { Check = Validate });
        _stack.Runtime.Kill("edge");

        var edge = Assert.Single((await CheckAsync(registry)).Services);

        Assert.Equal(CheckRunVerdict.Passed, edge.Outcome);
        Assert.Equal(_stack.Runtime.Containers["edge"].Image, Assert.Single(_stack.Runtime.CheckRuns).Image);
    }

    [Fact]
    public async Task ManagedServiceNotYetStarted_IsCheckedWithItsSpecsImageEnvAndVolumes()
    {
        var configs = _stack.Host.PathOf("configs/gateway");
        _stack.Host.Write("configs/gateway/gw.conf", "listen 8080");
        var gateway = new ServiceSpec("gateway", null, [new InputSpec("configs/gateway/", configs, InputKind.Directory)], ApplyMode.Restart, null, new VerifySpec(TimeSpan.Zero))
        {
            Managed = new ManagedSpec("gateway:v3", [], new Dictionary<string, string> { ["LOG_LEVEL"] = "debug" }, [], [new VolumeBinding(configs, "/etc/gw", ReadOnly: true)], "SIGTERM", TimeSpan.FromSeconds(30)),
            Check = new CheckSpec(["gw", "--check", "/etc/gw/gw.conf"], TimeSpan.FromSeconds(30), CheckLocation.Container),
        };

        var result = Assert.Single((await CheckAsync(_stack.Registry(gateway))).Services);

        Assert.Equal(CheckRunVerdict.Passed, result.Outcome);
        var run = Assert.Single(_stack.Runtime.CheckRuns);
        Assert.Equal(("gateway:v3", "debug"), (run.Image, run.Environment["LOG_LEVEL"]));
        Assert.Equal(new CheckMount(configs, "/etc/gw"), Assert.Single(run.Mounts));
        Assert.Empty(_stack.Runtime.Containers);
    }

    [Fact]
    public async Task Selection_ChecksOnlyTheNamedServices_InRegistryOrder()
    {
        var registry = await _stack.AdoptedAsync(
            _stack.FileService("edge") with { Check = Validate },
            _stack.FileService("api"),
            _stack.FileService("tool") with { Check = HostValidate });

        var report = await CheckAsync(registry, "tool", "api");

        Assert.Equal(["api", "tool"], report.Services.Select(s => s.Service));
        Assert.Empty(_stack.Runtime.CheckRuns);
        Assert.Single(_stack.HostCommands.Runs);
    }

    [Fact]
    public async Task UnknownService_IsTheErrorPlanGives_BeforeAnythingRuns()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("edge") with { Check = Validate });
        _stack.Runtime.LeftoverChecks = 1;

        var check = await Assert.ThrowsAsync<DriftlessException>(() => CheckAsync(registry, "edge", "nope"));
        var plan = await Assert.ThrowsAsync<DriftlessException>(() => _stack.PlanAsync(registry, "edge", "nope"));

        Assert.Equal((ErrorKind.UnknownService, plan.Message), (check.Kind, check.Message));
        Assert.Empty(_stack.Runtime.CheckRuns);
        Assert.Equal(1, _stack.Runtime.LeftoverChecks);
    }

    [Fact]
    public async Task LeftoverCheckContainers_AreRemovedFirst()
    {
        var registry = await _stack.AdoptedAsync(_stack.FileService("api"));
        _stack.Runtime.LeftoverChecks = 2;

        await CheckAsync(registry);

        Assert.Equal(0, _stack.Runtime.LeftoverChecks);
    }

    [Fact]
    public async Task OutputAndError_ShowATemplatesNameNeverItsValue()
    {
        var variable = "DLT_CHECK_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var secret = "canary" + Guid.NewGuid().ToString("N")[..12];
        Environment.SetEnvironmentVariable(variable, secret);
        try
        {
            var gateway = new ServiceSpec("gateway", null, [], ApplyMode.Restart, null, new VerifySpec(TimeSpan.Zero))
            {
                Managed = new ManagedSpec("gateway:v3", [], new Dictionary<string, string> { ["TOKEN"] = secret }, [], [], "SIGTERM", TimeSpan.FromSeconds(30))
                {
                    TemplateVariables = [variable],
                },
                Check = new CheckSpec(["gw", "--check"], TimeSpan.FromSeconds(30), CheckLocation.Container),
            };
            _stack.Runtime.CheckResult = new CheckRunResult(1, false, $"token {secret} rejected\nsee {secret}", TimeSpan.Zero);

            var result = Assert.Single((await CheckAsync(_stack.Registry(gateway))).Services);

            Assert.Equal(["token ${" + variable + "} rejected", "see ${" + variable + "}"], result.Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private async Task<CheckReport> CheckAsync(DriftlessRegistry registry, params string[] services)
    {
        var results = new List<ServiceCheck>();
        await foreach (var result in _stack.Pass.CheckAsync(registry, services, CancellationToken.None))
        {
            results.Add(result);
        }

        return new CheckReport(results);
    }
}
