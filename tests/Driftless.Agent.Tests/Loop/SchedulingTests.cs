using Driftless.Agent.Tests.Support;
using Driftless.Core.State;
using Driftless.IntegrationTests.Agent;

namespace Driftless.Agent.Tests.Loop;

/// <summary>One pass at a time: what arrives meanwhile coalesces; a held apply lock defers the pass.</summary>
public sealed class SchedulingTests
{
    [Fact]
    public async Task Requests_Arriving_While_A_Pass_Runs_Coalesce_Into_One_Next_Pass()
    {
        await using var rig = new LoopRig(LoopRig.Top.Replace("tick: 1h", "tick: 1m", StringComparison.Ordinal));
        await rig.StartAsync();
        rig.Pass.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = rig.Pass.Entered;
        var mark = rig.Events.Count;
        var first = rig.Loop.ReconcileAsync("a", CancellationToken.None);
        await entered;

        var second = rig.Loop.ReconcileAsync("b", CancellationToken.None);
        var third = rig.Loop.ReconcileAsync("a", CancellationToken.None);
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(first.IsCompleted);
        rig.Pass.Gate.SetResult();

        await Task.WhenAll(first, second, third);
        var passes = rig.Events.Passes(mark);
        Assert.Equal(2, passes.Count);
        Assert.Equal(["a"], passes[0].Services);
        Assert.Equal(["a", "b"], passes[1].Services);
        Assert.Equal(["b"], (await rig.BarrierAsync()).Services); // nothing else was left queued
    }

    [Fact]
    public async Task A_Held_Apply_Lock_Defers_The_Pass_Which_Runs_Once_The_Lock_Is_Free()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        var calls = rig.Pass.Calls.Count;
        Task<Control.ReconcileResult> first, second;
        var mark = rig.Events.Count;
        using (ApplyLock.Acquire(rig.StateDirectory))
        {
            first = rig.Loop.ReconcileAsync("a", CancellationToken.None);
            var held = await rig.Events.WaitAsync<LockHeldSeen>(from: mark);
            Assert.Equal(TimeSpan.FromSeconds(2), held.RetryIn);
            Assert.Contains("apply.lock", held.Error.Message, StringComparison.Ordinal);

            // Tried again after the retry delay, still held; a request arriving meanwhile waits with it.
            second = rig.Loop.ReconcileAsync("b", CancellationToken.None);
            rig.Time.Advance(TimeSpan.FromSeconds(2));
            await rig.Events.NthAsync<LockHeldSeen>(2, mark);
            Assert.Equal(calls, rig.Pass.Calls.Count);
        }

        rig.Time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1));
        Assert.False(first.IsCompleted);
        rig.Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True((await first).Succeeded);
        Assert.True((await second).Succeeded);
        var pass = Assert.Single(rig.Events.Passes(mark));
        Assert.Equal(["a", "b"], pass.Services);
        Assert.Equal(2, rig.Events.All<LockHeldSeen>(mark).Count);
    }
}
