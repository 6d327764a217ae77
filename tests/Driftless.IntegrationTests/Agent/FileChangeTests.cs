using Driftless.Core.Events;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Agent;

/// <summary>The agent against the real engine: every way a config file changes is applied and verified, once.</summary>
[Collection(AgentLoopCollection.Name)]
public sealed class FileChangeTests
{
    [Fact]
    public async Task InPlace_Write_Is_Applied_And_Verified()
    {
        await using var h = new AgentHarness();
        h.Dir.Write("cfg/app.conf", "v1\n");
        await using var c = await TestContainer.StartAsync(TestNames.Unique(), new Dictionary<string, string> { [h.Dir.File("cfg")] = "/cfg" });
        h.WriteRegistry(AgentHarness.ExecService("app", c.Name));
        await h.StartAsync();
        var adopted = await h.WaitForEventAsync("app", e => e.Result == EventResult.Adopted);

        File.WriteAllText(h.Dir.File("cfg/app.conf"), "v2\n");

        var applied = await h.WaitForEventAsync("app", e => e.Result == EventResult.Applied);
        Assert.Equal("exec", applied.Mode);
        Assert.NotEqual(adopted.NewHash, applied.NewHash);
        Assert.Equal("v2\n", await c.CatAsync("/cfg/app.conf"));
    }

    [Fact]
    public async Task Atomic_Rename_Is_Applied()
    {
        await using var h = new AgentHarness();
        await using var c = await h.StartAppAsync("v1\n");

        h.Dir.ReplaceAtomically("cfg/app.conf", "v2 renamed\n");

        await h.WaitForEventAsync("app", e => e.Result == EventResult.Applied);
        Assert.Equal("v2 renamed\n", await c.CatAsync("/cfg/app.conf"));
    }

    [Fact]
    public async Task ConfigMap_Symlink_Swap_Is_Applied()
    {
        await using var h = new AgentHarness();
        ConfigMapLayout.Create(h.Dir, "cm", "v1\n");
        await using var c = await TestContainer.StartAsync(TestNames.Unique(), new Dictionary<string, string> { [h.Dir.File("cm")] = "/cfg" });
        h.WriteRegistry(AgentHarness.ExecService("app", c.Name, input: "cm/"));
        await h.StartAsync();
        await h.WaitForEventAsync("app", e => e.Result == EventResult.Adopted);

        await ConfigMapLayout.SwapAsync(h.Dir, "cm", "2", "v2 swapped\n");

        await h.WaitForEventAsync("app", e => e.Result == EventResult.Applied);
        Assert.Equal("v2 swapped\n", await c.CatAsync("/cfg/app.conf"));
    }

    [Fact]
    public async Task Identical_Bytes_Save_Is_Not_A_Change()
    {
        await using var h = new AgentHarness();
        await using var c = await h.StartAppAsync("v1\n");
        var events = (await h.HistoryAsync()).Count;
        var mark = h.Events.Count;

        h.Dir.ReplaceAtomically("cfg/app.conf", "v1\n");
        File.WriteAllText(h.Dir.File("cfg/app.conf"), "v1\n");

        Assert.Equal("app", (await h.Events.WaitAsync<InputsUnchangedSeen>(from: mark, what: "the unchanged hash to be noticed")).Service);
        Assert.Empty(h.Events.Passes(mark));

        // A reconcile now finds nothing to do: no event recorded then or before it.
        var reconcile = await h.Loop.ReconcileAsync("app", CancellationToken.None);
        Assert.Empty(reconcile.Events);
        Assert.Equal(events, (await h.HistoryAsync()).Count);
    }

    [Fact]
    public async Task Burst_Of_Twenty_Writes_Is_Applied_Once()
    {
        await using var h = new AgentHarness();
        await using var c = await h.StartAppAsync("v0\n", top: "wait: {min: 300ms, max: 5s}\ntick: 1h\n");

        for (var i = 1; i <= 20; i++)
        {
            h.Dir.ReplaceAtomically("cfg/app.conf", $"v{i}\n");
        }

        await h.WaitForEventAsync("app", e => e.Result == EventResult.Applied);
        Assert.Empty((await h.Loop.ReconcileAsync("app", CancellationToken.None)).Events); // converged: nothing left to apply
        var history = await h.HistoryAsync("app");
        Assert.Single(history, e => e.Result == EventResult.Applied);
        Assert.DoesNotContain(history, e => e.Result == EventResult.Started); // the outcome replaced its in-flight marker
        Assert.Equal("v20\n", await c.CatAsync("/cfg/app.conf"));
    }

    [Fact]
    public async Task Poll_Mode_Applies_A_Change()
    {
        await using var h = new AgentHarness();
        await using var c = await h.StartAppAsync("v1\n", top: "wait: {min: 50ms, max: 2s}\ntick: 1h\nagent: {watch: poll, poll: 100ms}\n");
        Assert.Equal("poll", (await h.Loop.StatusAsync(CancellationToken.None)).Watch);

        h.Dir.ReplaceAtomically("cfg/app.conf", "v2 polled\n");

        await h.WaitForEventAsync("app", e => e.Result == EventResult.Applied);
        Assert.Equal("v2 polled\n", await c.CatAsync("/cfg/app.conf"));
    }
}
