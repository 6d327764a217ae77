using Driftless.Agent.Control;
using Driftless.Agent.Tests.Support;
using Driftless.Core.Events;
using Driftless.Core.Planning;

namespace Driftless.Agent.Tests.Loop;

/// <summary><c>/v1/status</c> as the loop builds it: verdicts from the pass outcomes, phases, retry times.</summary>
public sealed class StatusTests
{
    [Fact]
    public async Task Verdicts_Are_The_Ones_The_Pass_Outcomes_Carry()
    {
        await using var rig = new LoopRig();
        // Results and verdicts that no rule derives from each other: the loop must copy, not compute.
        rig.Pass.Outcome = s => s == "a" ? (EventResult.Applied, Verdict.NotMounted) : (EventResult.Noop, Verdict.Drifted);
        await rig.StartAsync();

        var status = await rig.Loop.StatusAsync(CancellationToken.None);

        Assert.Equal([Verdict.NotMounted, Verdict.Drifted], status.Services.Select(s => s.Verdict));
        Assert.Equal([ServicePhase.Running, ServicePhase.Running], status.Services.Select(s => s.Phase));
        Assert.Equal("c-a", status.Services[0].ContainerId);
        Assert.StartsWith("sha256:", status.Services[0].DesiredHash, StringComparison.Ordinal);
        Assert.Equal(rig.Events.Passes()[0].FinishedAt, status.LastPassAt);
        Assert.Equal("poll", status.Watch);
        Assert.Equal(rig.RegistryPath, status.Registry);
        Assert.Equal("rig", status.Project);
    }

    [Fact]
    public async Task A_Failed_Service_Shows_Its_Error_And_When_It_Is_Retried()
    {
        await using var rig = new LoopRig();
        rig.Pass.Outcome = s => s == "a" ? (EventResult.Failed, Verdict.Failed) : (EventResult.Noop, Verdict.InSync);
        await rig.StartAsync();

        var a = (await rig.Loop.StatusAsync(CancellationToken.None)).Services[0];

        Assert.Equal(ServicePhase.Failed, a.Phase);
        Assert.Equal(Verdict.Failed, a.Verdict);
        Assert.Equal("a failed", a.Error);
        Assert.Equal(rig.Time.GetUtcNow() + TimeSpan.FromSeconds(1), a.RetryAt);
    }

    [Fact]
    public async Task Services_In_Flight_Are_Pending_Until_Their_Pass_Ends()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        rig.Pass.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = rig.Pass.Entered;
        var reconcile = rig.Loop.ReconcileAsync("a", CancellationToken.None);
        await entered;

        var during = await rig.Loop.StatusAsync(CancellationToken.None);
        rig.Pass.Gate.SetResult();
        await reconcile;
        var after = await rig.Loop.StatusAsync(CancellationToken.None);

        Assert.Equal([ServicePhase.Pending, ServicePhase.Running], during.Services.Select(s => s.Phase));
        Assert.Equal([ServicePhase.Running, ServicePhase.Running], after.Services.Select(s => s.Phase));
    }

    [Fact]
    public async Task History_Comes_From_The_State_Store()
    {
        await using var rig = new LoopRig();
        rig.Pass.Outcome = s => (s == "a" ? EventResult.Applied : EventResult.Adopted, Verdict.InSync);
        await rig.StartAsync();

        var history = await ((IAgentControl)rig.Loop).HistoryAsync("a", 10, CancellationToken.None);

        Assert.Equal(EventResult.Applied, Assert.Single(history).Result);
    }
}
