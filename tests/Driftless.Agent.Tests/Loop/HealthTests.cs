using Driftless.Agent.Tests.Support;

namespace Driftless.Agent.Tests.Loop;

/// <summary><c>Health()</c>: unhealthy when work is pending and no pass completed within three ticks.</summary>
public sealed class HealthTests
{
    private const string TenSecondTick = "wait: {min: 1s, max: 5s}\ntick: 10s\nagent: {watch: poll, poll: 500ms}\n";

    [Fact]
    public async Task A_Pass_That_Never_Completes_Makes_The_Agent_Unhealthy_After_Three_Ticks()
    {
        await using var rig = new LoopRig(TenSecondTick);
        rig.Pass.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = rig.Pass.Entered;
        await rig.StartAsync(awaitFirstPass: false);
        await entered;
        Assert.True(rig.Loop.Health().Healthy);

        rig.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(rig.Loop.Health().Healthy);
        rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        var stuck = rig.Loop.Health();

        Assert.False(stuck.Healthy);
        Assert.Contains("stuck", stuck.Problem, StringComparison.Ordinal);
        Assert.Contains("3 ticks of 10 s", stuck.Problem, StringComparison.Ordinal);

        // The pass completes: healthy again, with the ticks that arrived meanwhile coalesced into one more pass.
        var mark = rig.Events.Count;
        rig.Pass.Gate.SetResult();
        await rig.Events.PassesAsync(2, mark);
        Assert.True(rig.Loop.Health().Healthy);
    }

    [Fact]
    public async Task A_Loop_Keeping_Up_Stays_Healthy_Tick_After_Tick()
    {
        await using var rig = new LoopRig(TenSecondTick);
        await rig.StartAsync();

        for (var tick = 1; tick <= 10; tick++)
        {
            var mark = rig.Events.Count;
            rig.Time.Advance(TimeSpan.FromSeconds(10));
            await rig.Events.PassAsync(mark);
            Assert.Equal(AgentHealthOk, rig.Loop.Health());
        }

        rig.Time.Advance(TimeSpan.FromMilliseconds(9999));
        Assert.True(rig.Loop.Health().Healthy);
    }

    [Fact]
    public async Task An_Apply_Lock_Held_For_Three_Ticks_Makes_The_Agent_Unhealthy()
    {
        await using var rig = new LoopRig(TenSecondTick);
        await rig.StartAsync();
        Task<Control.ReconcileResult> reconcile;
        using (Core.State.ApplyLock.Acquire(rig.StateDirectory))
        {
            var mark = rig.Events.Count;
            reconcile = rig.Loop.ReconcileAsync("a", CancellationToken.None);
            await rig.Events.WaitAsync<IntegrationTests.Agent.LockHeldSeen>(from: mark);

            rig.Time.Advance(TimeSpan.FromSeconds(30));
            await rig.Events.NthAsync<IntegrationTests.Agent.LockHeldSeen>(2, mark); // the retry, re-armed for 32 s
            Assert.True(rig.Loop.Health().Healthy);
            rig.Time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.False(rig.Loop.Health().Healthy);
        }

        rig.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await reconcile).Succeeded);
        Assert.True(rig.Loop.Health().Healthy);
    }

    [Fact]
    public async Task Backing_Off_Is_Not_Pending_Work()
    {
        await using var rig = new LoopRig(TenSecondTick);
        rig.Pass.Outcome = s => s == "a" ? (Core.Events.EventResult.Failed, Core.Planning.Verdict.Failed) : (Core.Events.EventResult.Noop, Core.Planning.Verdict.InSync);
        await rig.StartAsync(o => o with { RetryFirst = TimeSpan.FromMinutes(5) });

        rig.Time.Advance(TimeSpan.FromMilliseconds(9999));

        Assert.True(rig.Loop.Health().Healthy);
    }

    private static Control.AgentHealth AgentHealthOk => Control.AgentHealth.Ok;
}
