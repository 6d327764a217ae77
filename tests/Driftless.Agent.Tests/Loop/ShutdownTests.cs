using Driftless.Agent.Tests.Support;
using Driftless.Core.Events;
using Driftless.Core.Planning;

namespace Driftless.Agent.Tests.Loop;

/// <summary>SIGTERM: the in-flight pass finishes with its own token; only the shutdown timeout cancels it.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stop_Lets_The_InFlight_Pass_Finish_And_Answers_Its_Reconcile()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        rig.Pass.Outcome = s => (EventResult.Applied, Verdict.InSync);
        rig.Pass.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = rig.Pass.Entered;
        var mark = rig.Events.Count;
        var reconcile = rig.Loop.ReconcileAsync("a", CancellationToken.None);
        await entered;

        var stop = rig.StopAsync();
        Assert.False(stop.IsCompleted);
        Assert.False(rig.Pass.LastToken.IsCancellationRequested);
        rig.Pass.Gate.SetResult();
        await stop;

        Assert.True((await reconcile).Succeeded);
        var pass = Assert.Single(rig.Events.Passes(mark));
        Assert.NotNull(pass.Report);
        Assert.False(rig.Pass.LastToken.IsCancellationRequested);
    }

    [Fact]
    public async Task The_Shutdown_Timeout_Cancels_The_InFlight_Pass()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        rig.Pass.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = rig.Pass.Entered;
        var mark = rig.Events.Count;
        var reconcile = rig.Loop.ReconcileAsync("a", CancellationToken.None);
        await entered;
        using var timeout = new CancellationTokenSource();

        var stop = rig.StopAsync(timeout.Token);
        await timeout.CancelAsync();
        await stop;

        Assert.True(rig.Pass.LastToken.IsCancellationRequested);
        Assert.IsAssignableFrom<OperationCanceledException>(Assert.Single(rig.Events.Passes(mark)).Error);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reconcile);
    }

    [Fact]
    public async Task No_Trigger_Starts_A_Pass_After_Stop()
    {
        await using var rig = new LoopRig(LoopRig.Top.Replace("tick: 1h", "tick: 1s", StringComparison.Ordinal));
        await rig.StartAsync();
        var calls = rig.Pass.Calls.Count;

        await rig.StopAsync();
        rig.Dir.Write("cfg/a/app.conf", "a2\n");
        rig.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(calls, rig.Pass.Calls.Count);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Loop.ReconcileAsync("a", CancellationToken.None));
    }
}
