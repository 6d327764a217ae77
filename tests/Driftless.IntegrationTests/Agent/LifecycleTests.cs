using Driftless.Agent.Loop;
using Driftless.Core.Events;
using Driftless.Core.State;
using Driftless.IntegrationTests.Support;

namespace Driftless.IntegrationTests.Agent;

/// <summary>Liveness tick, registry reloads and shutdown, against the real engine (the tick leaving settling changes alone: TickTests, on a fake clock).</summary>
[Collection(AgentLoopCollection.Name)]
public sealed class LifecycleTests
{
    [Fact]
    public async Task Killed_Container_Is_Restarted_By_Its_Id_At_The_Next_Tick()
    {
        await using var h = new AgentHarness();
        await using var c = await h.StartAppAsync("v1\n", top: "wait: {min: 50ms, max: 2s}\ntick: 1s\n");

        await Cmd.RunCheckedAsync(["docker", "kill", c.Id]);

        var restarted = await h.WaitForEventAsync("app", e => e.Result is EventResult.Applied or EventResult.Escalated);
        Assert.Equal(c.Id, restarted.NewContainerId);
        Assert.Equal("not_running", restarted.Reason);
        Assert.Equal("true", (await Cmd.RunCheckedAsync(["docker", "inspect", "-f", "{{.State.Running}}", c.Id])).Trim());
    }

    [Fact]
    public async Task Running_InSync_Container_Is_Left_Alone_By_Ticks()
    {
        await using var h = new AgentHarness();
        await using var c = await h.StartAppAsync("v1\n", top: "wait: {min: 50ms, max: 2s}\ntick: 100ms\n");
        var startedAt = await Cmd.RunCheckedAsync(["docker", "inspect", "-f", "{{.State.StartedAt}}", c.Id]);

        await h.Events.PassesAsync(10, h.Events.Count);

        Assert.Single(await h.HistoryAsync("app"));
        Assert.Equal(startedAt, await Cmd.RunCheckedAsync(["docker", "inspect", "-f", "{{.State.StartedAt}}", c.Id]));
    }

    [Fact]
    public async Task Invalid_Registry_Edit_Is_Rejected_And_The_Last_Good_One_Kept()
    {
        await using var h = new AgentHarness();
        await using var c = await h.StartAppAsync("v1\n");

        var mark = h.Events.Count;
        h.WriteRegistry(AgentHarness.ExecService("app", c.Name).Replace("apply: exec", "apply: bogus", StringComparison.Ordinal));

        var rejected = await h.Events.WaitAsync<RegistryRejection>(from: mark, what: "the bad registry to be rejected");
        var status = await h.Loop.StatusAsync(CancellationToken.None);
        Assert.Equal(1, status.RegistryRevision);
        Assert.Equal(rejected.Error.Message, status.RegistryError);
        Assert.Contains("services.app.apply", status.RegistryError, StringComparison.Ordinal);
        Assert.Equal("exec", Assert.Single(status.Services).Mode);

        // The last good registry is still in force: a change is applied.
        File.WriteAllText(h.Dir.File("cfg/app.conf"), "v2\n");
        await h.WaitForEventAsync("app", e => e.Result == EventResult.Applied);

        // A valid edit is taken.
        mark = h.Events.Count;
        h.WriteRegistry(AgentHarness.ExecService("app", c.Name), top: "wait: {min: 50ms, max: 2s}\ntick: 45m\n");
        var accepted = await h.Events.WaitAsync<RegistryUpdate>(from: mark, what: "the good registry to be loaded");
        Assert.Equal(2, accepted.Revision);
        Assert.Equal(TimeSpan.FromMinutes(45), accepted.Registry.Agent.Tick);
        status = await h.Loop.StatusAsync(CancellationToken.None);
        Assert.Equal(2, status.RegistryRevision);
        Assert.Null(status.RegistryError);
    }

    [Fact]
    public async Task Stop_Finishes_The_InFlight_Pass()
    {
        await using var h = new AgentHarness();
        await using var c = await h.StartAppAsync("v1\n", exec: "[sleep, \"2\"]");

        File.WriteAllText(h.Dir.File("cfg/app.conf"), "v2\n");
        await h.WaitForEventAsync("app", e => e.Result == EventResult.Started);
        await h.StopAsync();

        await using var store = await SqliteStateStore.OpenAsync(h.Dir.File(".driftless"), readOnly: true, CancellationToken.None);
        var latest = await store.LatestEventsAsync(["app"], CancellationToken.None);
        Assert.Equal(EventResult.Applied, latest["app"].Result);
    }
}
