using Driftless.Agent.Control;
using Driftless.Agent.Tests.Support;
using Driftless.Core.Events;
using Driftless.Core.Planning;
using Driftless.Core.Runtime;
using Driftless.IntegrationTests.Agent;

namespace Driftless.Agent.Tests.Loop;

/// <summary>
/// A change the service's <c>check:</c> rejects, in the agent, through the real pass on the in-memory engine: phase
/// failed with the reason and the check's output, the live container untouched, the check re-run only on its capped
/// backoff or when the inputs change again — never per tick — and recovery after a fixed save.
/// </summary>
public sealed class CheckRejectionTests : IAsyncLifetime
{
    private static readonly CheckRunResult Refuses = new(1, false, "Error: adapting config using caddyfile: app.conf:1: unexpected token", TimeSpan.FromSeconds(1));

    private CheckedRig _rig = null!;

    public async Task InitializeAsync() => _rig = await CheckedRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task A_Rejected_Change_Is_Checked_Once_Per_Backoff_Step_Over_100_Ticks_And_A_Fixed_Save_Applies()
    {
        var rig = _rig.Rig;
        var live = _rig.Engine.Containers["a"];
        _rig.Engine.CheckResult = Refuses;
        rig.Dir.Write("cfg/a/app.conf", "broken {\n");
        var rejectedAt = rig.Time.GetUtcNow();

        var rejected = await rig.Loop.ReconcileAsync("a", CancellationToken.None);

        var e = Assert.Single(rejected.Events);
        Assert.Equal((EventResult.Rejected, "check_failed", CheckOutcome.Failed), (e.Result, e.Reason, e.Check));
        await AssertRejectedAsync(live);

        // 100 ticks. The retries the schedule allows within them; each falls due at the instant of a tick.
        var horizon = 100 * CheckedRig.Tick;
        var expected = 1;
        for (var (failures, due) = (1, CheckedRig.Schedule.First); due <= horizon; due += CheckedRig.Schedule.Delay(++failures))
        {
            expected++;
        }

        for (var tick = 0; tick < 100; tick++)
        {
            rig.Time.Advance(CheckedRig.Tick);
            await rig.BarrierAsync();
            await AssertRejectedAsync(live);
        }

        Assert.Equal(rejectedAt + horizon, rig.Time.GetUtcNow());
        Assert.Equal(expected, _rig.Engine.CheckRuns.Count);
        Assert.Equal(8, expected); // 0 s, then 10, 30, 70, 150, 310, 610, 910 s
        Assert.All(_rig.Engine.Calls, call => Assert.StartsWith("check a/", call, StringComparison.Ordinal));

        _rig.Engine.CheckResult = CheckedRig.Passes;
        var fixedPass = await _rig.SaveAAsync("fixed\n");

        var applied = Assert.Single(fixedPass.Report!.Outcomes, o => o.Item.Service.Name == "a");
        Assert.Equal((EventResult.Applied, CheckOutcome.Passed, Verdict.InSync), (applied.Event.Result, applied.Event.Check, applied.Verdict));
        Assert.Equal(expected + 1, _rig.Engine.CheckRuns.Count);
        Assert.StartsWith("restart a", _rig.Engine.Calls[^1], StringComparison.Ordinal);
        var a = await _rig.StatusOfAAsync();
        Assert.Equal((ServicePhase.Running, Verdict.InSync), (a.Phase, a.Verdict));
        Assert.Equal((null, null, null, null), (a.Error, a.Reason, a.CheckOutput, a.RetryAt));
        Assert.Equal(applied.Event.NewHash, a.AppliedHash);

        // Converged: the ticks that follow check nothing.
        for (var tick = 0; tick < 10; tick++)
        {
            rig.Time.Advance(CheckedRig.Tick);
            await rig.BarrierAsync();
        }

        Assert.Equal(expected + 1, _rig.Engine.CheckRuns.Count);
    }

    [Fact]
    public async Task Another_Bad_Save_Is_Checked_At_Once_And_The_Same_Bytes_Saved_Again_Are_Not()
    {
        var rig = _rig.Rig;
        var live = _rig.Engine.Containers["a"];
        _rig.Engine.CheckResult = Refuses;
        var first = await _rig.SaveAAsync("broken {\n");
        var retryAt = (await _rig.StatusOfAAsync()).RetryAt!.Value;
        Assert.Equal(first.FinishedAt + CheckedRig.Schedule.First, retryAt);

        var second = await _rig.SaveAAsync("still broken }\n");

        Assert.True(second.StartedAt < retryAt, $"the second bad save was checked at {second.StartedAt:O}, not before the retry at {retryAt:O}");
        Assert.Equal(2, _rig.Engine.CheckRuns.Count);
        var e = Assert.Single(second.Report!.Outcomes, o => o.Item.Service.Name == "a").Event;
        Assert.Equal((EventResult.Rejected, CheckOutcome.Failed), (e.Result, e.Check));
        await AssertRejectedAsync(live);

        // The same bytes again: not a change, so not a check (and not a pass).
        var mark = rig.Events.Count;
        rig.Dir.Write("cfg/a/app.conf", "still broken }\n");
        rig.AdvancePastDebounce();
        await rig.Events.WaitAsync<InputsUnchangedSeen>(s => s.Service == "a", mark);
        Assert.Equal(2, _rig.Engine.CheckRuns.Count);
    }

    /// <summary>Phase failed with the check's reason, error and output; the live container as it was; a retry time.</summary>
    private async Task AssertRejectedAsync(RuntimeContainer live)
    {
        var a = await _rig.StatusOfAAsync();
        Assert.Equal((ServicePhase.Failed, Verdict.Failed), (a.Phase, a.Verdict));
        Assert.Equal(("check_failed", "check `validate` exited 1"), (a.Reason, a.Error));
        Assert.Contains("app.conf:1: unexpected token", a.CheckOutput, StringComparison.Ordinal);
        Assert.NotNull(a.RetryAt);
        Assert.Same(live, _rig.Engine.Containers["a"]);
        Assert.True(live.Running);
    }
}
