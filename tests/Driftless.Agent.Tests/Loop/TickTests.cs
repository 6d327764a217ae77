using Driftless.Agent.Tests.Support;

namespace Driftless.Agent.Tests.Loop;

/// <summary>The liveness tick on a fake clock: it passes every service, except one whose file changes are still settling.</summary>
public sealed class TickTests
{
    [Fact]
    public async Task The_First_Pass_Covers_Every_Service_And_Each_Tick_Runs_Another()
    {
        await using var rig = new LoopRig(LoopRig.Top.Replace("tick: 1h", "tick: 30s", StringComparison.Ordinal));
        await rig.StartAsync();
        Assert.Equal(["a", "b"], Assert.Single(rig.Events.Passes()).Services);
        Assert.Empty(Assert.Single(rig.Pass.Calls)); // all services: the pass may also remove orphaned managed containers

        var mark = rig.Events.Count;
        rig.Time.Advance(TimeSpan.FromSeconds(30));
        var tick = await rig.Events.PassAsync(mark);

        Assert.Equal(["a", "b"], tick.Services);
        Assert.Equal(rig.Time.GetUtcNow(), tick.StartedAt);
    }

    [Fact]
    public async Task A_Tick_Leaves_A_Service_Whose_File_Changes_Are_Still_Settling_To_Its_Debounce()
    {
        await using var rig = new LoopRig("wait: {min: 3s, max: 10s}\ntick: 1s\nagent: {watch: poll, poll: 500ms}\n");
        await rig.StartAsync();

        // Seen at the 500 ms poll: the debounce fires after 3 s of quiet, at 3.5 s.
        rig.Dir.Write("cfg/a/app.conf", "a2 half synced\n");
        var mark = rig.Events.Count;
        rig.Time.Advance(LoopRig.Poll);
        for (var second = 1; second <= 3; second++)
        {
            rig.Time.Advance(second == 1 ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(1));
            var tick = await rig.Events.PassesAsync(second, mark);
            Assert.Equal(["b"], tick.Services); // the tick ran, and left "a" to its debounce
        }

        rig.Time.Advance(TimeSpan.FromMilliseconds(500));
        var settled = await rig.Events.PassAsync(mark, p => p.Services.Contains("a"), "the debounced pass of a");

        Assert.Equal(["a"], settled.Services);
        Assert.Equal(TimeSpan.FromMilliseconds(3500), settled.StartedAt - rig.Events.Passes()[0].StartedAt);
        Assert.Equal(4, rig.Events.Passes(mark).Count);
    }
}
