using Driftless.Agent.Tests.Support;
using Driftless.IntegrationTests.Agent;

namespace Driftless.Agent.Tests.Loop;

/// <summary>A settled file change runs a pass of its service only, and only when the content hash changed.</summary>
public sealed class InputChangeTests
{
    private static readonly TimeSpan Settle = LoopRig.Poll + TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_Changed_File_Runs_A_Pass_Of_Its_Service_Only_After_Its_Debounce()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();

        rig.Dir.Write("cfg/a/app.conf", "a2\n");
        var mark = rig.Events.Count;
        rig.AdvancePastDebounce();
        var pass = await rig.Events.PassAsync(mark);

        Assert.Equal(["a"], pass.Services);
        Assert.Equal(rig.Events.Passes()[0].StartedAt + Settle, pass.StartedAt);
    }

    [Fact]
    public async Task Saving_Identical_Bytes_Is_Skipped_By_Content_Hash()
    {
        await using var rig = new LoopRig();
        await rig.StartAsync();
        var calls = rig.Pass.Calls.Count;

        rig.Dir.ReplaceAtomically("cfg/a/app.conf", "a1\n");
        var mark = rig.Events.Count;
        rig.AdvancePastDebounce();

        var unchanged = await rig.Events.WaitAsync<InputsUnchangedSeen>(from: mark);
        Assert.Equal("a", unchanged.Service);
        Assert.Equal(["b"], (await rig.BarrierAsync()).Services);
        Assert.Equal(calls + 1, rig.Pass.Calls.Count);
    }
}
