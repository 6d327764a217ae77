using Driftless.Agent.Tests.Support;
using Driftless.Core.Events;
using Driftless.Core.State;
using Driftless.IntegrationTests.Support;

namespace Driftless.Agent.Tests.Loop;

/// <summary>Liveness tick, registry reloads and shutdown, against the real engine.</summary>
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

        await h.Loop.WaitForPassCountAsync(h.Loop.PassCount + 10, CancellationToken.None);

        Assert.Single(await h.HistoryAsync("app"));
        Assert.Equal(startedAt, await Cmd.RunCheckedAsync(["docker", "inspect", "-f", "{{.State.StartedAt}}", c.Id]));
    }

    [Fact]
    public async Task Ticks_Leave_A_Settling_File_Change_To_Its_Debounce()
    {
        await using var h = new AgentHarness();
        await using var c = await h.StartAppAsync("v1\n", top: "wait: {min: 3s, max: 10s}\ntick: 100ms\n");

        h.Dir.ReplaceAtomically("cfg/app.conf", "v2\n");
        // About ten ticks fall inside the 3 s of quiet the debounce waits for; none of them applies the half-settled change.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(await h.HistoryAsync("app"), e => e.Result == EventResult.Applied);

        await h.WaitForEventAsync("app", e => e.Result == EventResult.Applied);
        Assert.Single(await h.HistoryAsync("app"), e => e.Result == EventResult.Applied);
    }

    [Fact]
    public async Task Invalid_Registry_Edit_Is_Rejected_And_The_Last_Good_One_Kept()
    {
        await using var h = new AgentHarness();
        await using var c = await h.StartAppAsync("v1\n");

        h.WriteRegistry(AgentHarness.ExecService("app", c.Name).Replace("apply: exec", "apply: bogus", StringComparison.Ordinal));

        await AgentHarness.UntilAsync(() => Task.FromResult(h.Loop.RegistryRejections > 0), "the bad registry to be rejected");
        Assert.Equal("app", Assert.Single(h.Loop.Registry.Services).Name);

        // The last good registry is still in force: a change is applied.
        File.WriteAllText(h.Dir.File("cfg/app.conf"), "v2\n");
        await h.WaitForEventAsync("app", e => e.Result == EventResult.Applied);

        // A valid edit is taken.
        h.WriteRegistry(AgentHarness.ExecService("app", c.Name), top: "wait: {min: 50ms, max: 2s}\ntick: 45m\n");
        await AgentHarness.UntilAsync(() => Task.FromResult(h.Loop.Registry.Agent.Tick == TimeSpan.FromMinutes(45)), "the good registry to be loaded");
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
        var latest = await store.LatestEventsAsync(CancellationToken.None);
        Assert.Equal(EventResult.Applied, latest["app"].Result);
    }
}
